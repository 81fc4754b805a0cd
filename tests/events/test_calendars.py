"""Calendar files parse back, with the London timezone, stable UIDs and growing SEQUENCE."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from dateutil.tz import tzical
from icalendar import Calendar

from booking.bookings.calendars import booking_calendar
from booking.bookings.event_changes import cancel_event
from booking.events.calendars import event_calendar, feed_calendar
from booking.models import BookingStatus, EventStatus
from tests.factories import NOW

HOST = "training.example.org"


def _parse(body: bytes):
    calendar = Calendar.from_ical(body)
    return calendar, calendar.walk("VEVENT")


def test_an_event_file_has_london_times_a_vtimezone_and_a_stable_uid(make):
    event = make.event(title="Łukasz's session for 李 and Siobhán", venue="Witney")
    body = event_calendar(event, event_url="https://x/events/1", host=HOST, now=NOW)
    calendar, (vevent,) = _parse(body)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert vevent.decoded("dtstart") == event.starts_at
    assert str(vevent["dtstart"].params["TZID"]) == "Europe/London"
    assert str(vevent["summary"]) == "Łukasz's session for 李 and Siobhán"
    assert str(vevent["uid"]) == f"event-{event.id}@{HOST}"
    again = event_calendar(event, event_url="https://x/events/1", host=HOST, now=NOW)
    assert _parse(again)[1][0]["uid"] == vevent["uid"]


def test_a_cancelled_event_is_marked_cancelled_with_a_higher_sequence(session, make):
    event = make.event()
    before = _parse(event_calendar(event, event_url="u", host=HOST, now=NOW))[1][0]
    cancel_event(session, event.id, actor_id=None, now=NOW)
    after = _parse(event_calendar(event, event_url="u", host=HOST, now=NOW))[1][0]
    assert str(after["status"]) == "CANCELLED"
    assert after.decoded("sequence") > before.decoded("sequence")


def test_a_booking_file_links_the_ticket_and_shows_waiting_as_tentative(make):
    event = make.event()
    booking = make.booking(event, status=BookingStatus.WAITLISTED)
    body = booking_calendar(booking, ticket_url="https://x/t/abc", host=HOST, now=NOW)
    (vevent,) = _parse(body)[1]
    assert "https://x/t/abc" in str(vevent["description"])
    assert str(vevent["status"]) == "TENTATIVE"
    assert str(vevent["uid"]).startswith(f"booking-{booking.id}-")
    assert str(vevent["uid"]).endswith(f"@{HOST}")


def test_public_calendars_never_show_the_online_joining_link(make):
    event = make.event(online_url="https://meet.example.org/secret-room")
    public = event_calendar(event, event_url="u", host=HOST, now=NOW)
    assert b"secret-room" not in public
    assert str(_parse(public)[1][0]["location"]) == "Online"
    holder = booking_calendar(make.booking(event), ticket_url="t", host=HOST, now=NOW)
    assert "secret-room" in str(_parse(holder)[1][0]["location"])
    waiting = make.booking(event, status=BookingStatus.WAITLISTED)
    assert b"secret-room" not in booking_calendar(waiting, ticket_url="t", host=HOST, now=NOW)


def test_a_rebooking_is_a_new_calendar_entry(make):
    booking = make.booking(make.event())
    first = booking_calendar(booking, ticket_url="t", host=HOST, now=NOW)
    booking.ticket_token = "another-ticket-token-123"
    second = booking_calendar(booking, ticket_url="t", host=HOST, now=NOW)
    assert _parse(first)[1][0]["uid"] != _parse(second)[1][0]["uid"]


def test_the_feed_holds_each_event_once(make):
    events = [make.event(), make.event(status=EventStatus.CANCELLED)]
    body = feed_calendar(
        events,
        urls={e.id: f"https://x/{e.id}" for e in events},
        host=HOST,
        now=NOW,
        name="Training",
    )
    calendar, vevents = _parse(body)
    assert [str(v["uid"]) for v in vevents] == [f"event-{e.id}@{HOST}" for e in events]
    assert [str(v["status"]) for v in vevents] == ["CONFIRMED", "CANCELLED"]
    assert len(calendar.walk("VTIMEZONE")) == 1


@pytest.mark.parametrize("year", [2027, 2039, 2099])
def test_the_vtimezone_covers_every_year_the_form_takes(make, year):
    summer = datetime(year, 7, 1, 9, 30, tzinfo=UTC)
    event = make.event(starts_at=summer)
    calendar, _ = _parse(event_calendar(event, event_url="https://x/events/1", host=HOST, now=NOW))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    # As the VTIMEZONE itself says (a calendar may not know Europe/London by its name).
    london = tzical(io.StringIO(vtimezone.to_ical().decode())).get()
    for month, day, offset in ((1, 15, 0), (7, 1, 1), (10, 31, 0)):
        moment = datetime(year, month, day, 12, tzinfo=london)
        assert moment.utcoffset() == timedelta(hours=offset), moment
