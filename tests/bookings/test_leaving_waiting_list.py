"""Leaving a waiting list is not cancelling a booking: the message, the page, the email and My
bookings all say the person left the waiting list."""

from booking.bookings.services import cancel_booking
from booking.core.clock import utcnow
from booking.models import BookingStatus
from tests.outbox.mailbox import deliver, text_of

TITLE = "E-safety training day"


def _waiting(given, db):
    event = given.event(title=TITLE, capacity=1)
    given.booking(event)  # the one place
    waiting = given.booking(event, status=BookingStatus.WAITLISTED)
    db.commit()
    return waiting


def test_leaving_the_waiting_list_says_so_everywhere(app, client, given, db, tmp_path):
    waiting = _waiting(given, db)
    client.sign_in(waiting.person.email)

    left = client.post(f"/bookings/{waiting.id}/cancel", follow_redirects=True).text

    assert f"You have left the waiting list for {TITLE}." in left
    assert "has been cancelled" not in left
    assert '<strong class="govuk-tag govuk-tag--grey">Left the waiting list</strong>' in left
    page = client.get(f"/bookings/{waiting.id}/ticket").text
    assert '<h1 class="govuk-heading-l">You left the waiting list</h1>' in page
    assert "<title>You left the waiting list: E-safety training day" in page
    assert f"You are no longer on the waiting list for {TITLE}: you left it on " in page
    assert "cancelled" not in page.split("<main", 1)[1].split("</main>")[0]
    (email,) = [
        e for e in deliver(app, tmp_path) if e["To"].addresses[0].addr_spec == waiting.person.email
    ]
    assert email["Subject"] == f"You have left the waiting list: {TITLE}"
    assert f"You are no longer on the waiting list for {TITLE}." in text_of(email)
    assert "cancel" not in text_of(email).lower()
    assert [p for p in email.walk() if p.get_content_type() == "text/calendar"] == []


def test_an_organiser_taking_someone_off_the_waiting_list_says_so(app, given, db, tmp_path):
    waiting = _waiting(given, db)
    with app.extensions["sessions"].writer() as session:
        cancel_booking(session, booking_id=waiting.id, person_id=None, now=utcnow())
        session.commit()
    (email,) = [
        e for e in deliver(app, tmp_path) if e["To"].addresses[0].addr_spec == waiting.person.email
    ]
    assert email["Subject"] == f"You have left the waiting list: {TITLE}"
    assert f"The organisers have taken you off the waiting list for {TITLE}." in text_of(email)


def test_a_place_given_up_is_still_a_cancelled_booking(client, given, db):
    booking = given.booking(given.event(title=TITLE))
    db.commit()
    client.sign_in(booking.person.email)
    mine = client.post(f"/bookings/{booking.id}/cancel", follow_redirects=True).text
    assert f"Your booking for {TITLE} has been cancelled." in mine
    assert '<strong class="govuk-tag govuk-tag--grey">Cancelled</strong>' in mine
    page = client.get(f"/bookings/{booking.id}/ticket").text
    assert '<h1 class="govuk-heading-l">Booking cancelled</h1>' in page
