"""The event page's calendar link: the booking's file (with the ticket) for someone booked,
none for someone on the waiting list, the event's general file for everyone else."""

import re

from booking.models import BookingStatus


def _calendar_links(page: str) -> list[str]:

    return re.findall(r'href="([^"]+\.ics)">Add to your calendar', page)


def test_someone_booked_gets_their_bookings_calendar_file(client, given, db):
    person = given.user()
    event = given.event(title="E-safety training day")
    booking = given.booking(event, person)
    db.commit()
    client.sign_in(person.email)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert _calendar_links(page) == [f"/bookings/{booking.id}.ics"]


def test_someone_on_the_waiting_list_is_offered_no_calendar_file(client, given, db):
    person = given.user()
    event = given.event(title="E-safety training day", capacity=1)
    given.booking(event)
    given.booking(event, person, status=BookingStatus.WAITLISTED)
    db.commit()
    client.sign_in(person.email)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert _calendar_links(page) == []


def test_anyone_else_gets_the_events_calendar_file(client, given, db):
    event = given.event(title="E-safety training day")
    db.commit()
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert _calendar_links(page) == [f"/events/{event.id}.ics"]
