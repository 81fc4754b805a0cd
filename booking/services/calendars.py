"""iCalendar files: one event, one booking (with its ticket link), and a subscribable feed.

Times are written in Europe/London with its VTIMEZONE; UIDs are stable; SEQUENCE is the event's,
which grows on every change; cancelled events carry STATUS:CANCELLED.
"""

import functools
import hashlib
from collections.abc import Sequence
from datetime import datetime

from icalendar import Calendar, Timezone, vCalAddress, vText
from icalendar import Event as VEvent

from booking.formatting import local
from booking.models import Booking, BookingStatus, Event, EventStatus

PRODID = "-//Safeguarding Children Partnership//booking//EN"
PARTNERSHIP_ORGANISER = "Safeguarding Children Partnership training"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _one_line(name))
    return calendar


def _vevent(
    event: Event,
    *,
    uid: str,
    url: str,
    now: datetime,
    description: str = "",
    show_online_link: bool = False,
) -> VEvent:
    """The event as a VEVENT. The online joining link is only for people holding a place."""
    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", now)
    vevent.add("dtstart", local(event.starts_at))
    vevent.add("dtend", local(event.ends_at))
    vevent.add("summary", event.title)
    vevent.add("sequence", event.sequence)
    vevent.add("last-modified", event.updated_at)
    vevent.add("url", url)
    online = event.online_url if show_online_link else ("Online" if event.online_url else "")
    location = event.venue or online
    if location:
        vevent.add("location", vText(location))
    text = "\n\n".join(part for part in (event.summary, description, url) if part)
    vevent.add("description", text)
    cancelled = event.status == EventStatus.CANCELLED
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


@functools.cache
def _london_vtimezone() -> Timezone:
    """Europe/London's VTIMEZONE, built once: building it costs more than the rest of a file."""
    return Timezone.from_tzid("Europe/London")


def _serialise(calendar: Calendar) -> bytes:
    calendar.add_component(_london_vtimezone())
    return calendar.to_ical()


def event_uid(event: Event, host: str) -> str:
    return f"event-{event.id}@{host}"


def booking_uid(booking: Booking, host: str) -> str:
    """Stable for one booking; a rebooking (new ticket) is a new calendar entry."""
    incarnation = hashlib.sha256(booking.ticket_token.encode()).hexdigest()[:12]
    return f"booking-{booking.id}-{incarnation}@{host}"


def event_calendar(event: Event, *, event_url: str, host: str, now: datetime) -> bytes:
    """An .ics file holding the event."""
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, uid=event_uid(event, host), url=event_url, now=now))
    return _serialise(calendar)


def booking_calendar(
    booking: Booking,
    *,
    ticket_url: str,
    host: str,
    now: datetime,
    method: str | None = None,
    organiser_email: str = "",
) -> bytes:
    """An .ics file for the person's booking, linking to their ticket.

    A cancelled booking, or one on the waiting list, is written as cancelled or tentative so a
    calendar never shows a place the person does not hold. With ``method`` ("REQUEST" or
    "CANCEL") it is an invitation for email, naming the organiser and the person as attendee.
    """
    event = booking.event
    calendar = _calendar(event.title)
    if method:
        calendar.add("method", method)
    holds_place = booking.status == BookingStatus.CONFIRMED
    join = f"Join online: {event.online_url}\n\n" if holds_place and event.online_url else ""
    vevent = _vevent(
        event,
        uid=booking_uid(booking, host),
        url=ticket_url,
        now=now,
        description=f"{join}Your ticket: {ticket_url}",
        show_online_link=holds_place,
    )
    if booking.status == BookingStatus.CANCELLED:
        vevent["status"] = "CANCELLED"
    elif booking.status == BookingStatus.WAITLISTED and event.status != EventStatus.CANCELLED:
        vevent["status"] = "TENTATIVE"
    if method:
        _add_people(vevent, booking, organiser_email, cancelled=method == "CANCEL")
    calendar.add_component(vevent)
    return _serialise(calendar)


def _add_people(vevent: VEvent, booking: Booking, organiser_email: str, *, cancelled: bool):
    organizer = vCalAddress(f"mailto:{organiser_email}")
    organizer.params["CN"] = vText(_one_line(PARTNERSHIP_ORGANISER))
    vevent.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{booking.person.email}")
    attendee.params["CN"] = vText(_one_line(booking.person.name))
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("DECLINED" if cancelled else "ACCEPTED")
    vevent.add("attendee", attendee)
    if cancelled:
        vevent["status"] = "CANCELLED"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def feed_calendar(
    events: Sequence[Event], *, urls: dict[int, str], host: str, now: datetime, name: str
) -> bytes:
    """A subscribable feed of events (Event objects, or the catalogue's rows of their columns)."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(
            _vevent(event, uid=event_uid(event, host), url=urls[event.id], now=now)
        )
    return _serialise(calendar)
