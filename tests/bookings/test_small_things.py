"""Small things people hit around booking: trainers and their own courses, what a cancellation
email promises, and confirmations for events cancelled before they were sent."""

import re

import pytest

from booking.bookings.event_changes import cancel_event
from booking.bookings.services import cancel_booking
from booking.core.clock import utcnow
from booking.core.errors import OwnCourse
from booking.core.formatting import LONDON
from booking.models import BookingStatus, Role
from tests.factories import NOW, book
from tests.outbox.mailbox import deliver, text_of


def test_a_trainer_cannot_book_or_queue_for_their_own_course(session, make):
    trainer = make.user(role=Role.TRAINER)
    for capacity in (10, 0):  # a place, or the waiting list
        event = make.event(capacity=capacity, trainers=[trainer])
        with pytest.raises(OwnCourse, match="You are a trainer on") as refused:
            book(session, event_id=event.id, person_id=trainer.id, now=NOW)
        assert refused.value.code == "own_course"


def test_the_event_page_does_not_offer_a_trainer_their_own_course(client, given, db):
    trainer = given.user(role=Role.TRAINER)
    event = given.event(trainers=[trainer])
    db.commit()
    client.sign_in(trainer.email)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "You are a trainer on this event, so you cannot book a place on it." in page
    assert "Book a place</button>" not in page and f"/events/{event.id}/book" not in page
    refused = client.post(f"/events/{event.id}/book", follow_redirects=True).text
    assert "so you cannot book a place on it" in refused


def _writer(app):
    return app.extensions["sessions"].writer()


@pytest.mark.parametrize("someone_waiting", [False, True])
def test_a_cancellation_promises_the_place_only_to_someone_waiting(
    app, given, db, tmp_path, someone_waiting
):
    event = given.event(capacity=1)
    leaver, waiter = given.user(), given.user()
    db.commit()
    with _writer(app) as session:
        place = book(session, event_id=event.id, person_id=leaver.id, now=utcnow())
        if someone_waiting:
            book(session, event_id=event.id, person_id=waiter.id, now=utcnow())
        cancel_booking(session, booking_id=place.id, person_id=leaver.id, now=utcnow())
        session.commit()
    (cancellation,) = [
        e
        for e in deliver(app, tmp_path)
        if e["To"].addresses[0].addr_spec == leaver.email
        and e["Subject"].startswith("Booking cancelled")
    ]
    text = text_of(cancellation)
    assert ("next person" in text) is someone_waiting
    assert "You cancelled your booking." in text


def test_a_confirmation_is_not_sent_for_an_event_cancelled_before_delivery(
    app, given, db, tmp_path
):
    event, person = given.event(), given.user()
    db.commit()
    with _writer(app) as session:
        booking = book(session, event_id=event.id, person_id=person.id, now=utcnow())
        assert booking.status == BookingStatus.CONFIRMED
        session.commit()
        cancel_event(session, event.id, actor_id=None, now=utcnow())
        session.commit()
    subjects = [email["Subject"] for email in deliver(app, tmp_path)]
    assert subjects == [f"Cancelled: {event.title}"]


def test_the_booking_calendar_file_names_the_ticket_link_once(client, given, db):
    from icalendar import Calendar

    booking = given.booking(given.event(summary="A day on online safety"))
    db.commit()
    client.sign_in(booking.person.email)
    entry = Calendar.from_ical(client.get(f"/bookings/{booking.id}.ics").data).walk("VEVENT")[0]
    description, link = str(entry["DESCRIPTION"]), str(entry["URL"])
    assert description.count(link) == 1
    assert description.endswith(f"Your ticket: {link}")


def test_each_page_of_a_booking_has_a_title_naming_the_event_and_its_day(client, given, db):
    person = given.user()
    event = given.event(title="E-safety training day", capacity=1)
    waiting = given.event(title="Governor course", capacity=0)
    place = given.booking(event=event, person=person)
    queued = given.booking(event=waiting, person=person, status=BookingStatus.WAITLISTED)
    db.commit()
    client.sign_in(person.email)

    def title(url):
        return re.search("<title>(.*?) – ", client.get(url).get_data(as_text=True))[1]

    def day(e):
        starts = e.starts_at.astimezone(LONDON)
        return f"{starts.day} {starts:%B}"

    assert (
        title(f"/bookings/{place.id}/ticket")
        == f"Your place on E-safety training day, {day(event)}"
    )
    assert (
        title(f"/bookings/{queued.id}/ticket")
        == f"Waiting list for Governor course, {day(waiting)}"
    )
    assert (
        title(f"/bookings/{place.id}/needs")
        == f"Your needs for E-safety training day, {day(event)}"
    )
    assert title(f"/bookings/{place.id}/cancel") == (
        f"Cancel your place on E-safety training day, {day(event)}"
    )
