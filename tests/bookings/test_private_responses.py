"""What shows a person's booking is kept by no cache (a shared council PC, a proxy)."""


def test_a_persons_booking_pages_and_calendar_file_are_not_stored(client, given, db):
    person = given.user()
    booking = given.booking(given.event(), person)
    db.commit()
    client.sign_in(person.email)
    for url in (
        f"/bookings/{booking.id}.ics",
        f"/bookings/{booking.id}/ticket",
        f"/t/{booking.ticket_token}",
        "/bookings",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
