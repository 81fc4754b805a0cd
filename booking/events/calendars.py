"""iCalendar files of events: one event, and a subscribable feed (a booking's own file, with
its ticket link, is ``bookings.calendars``, built from the parts here).

Times are written in Europe/London with its VTIMEZONE; UIDs are stable and qualified by the
public host (``Links.host``); SEQUENCE is the event's, which grows on every change; cancelled
events carry STATUS:CANCELLED.
"""

import functools
from collections.abc import Sequence
from datetime import datetime

from icalendar import Calendar, Timezone, vText
from icalendar import Event as VEvent

from booking.core.formatting import local, one_line
from booking.events.models import Event, EventStatus

PRODID = "-//booking//training and events//EN"


def new_calendar(name: str) -> Calendar:
    """An empty calendar called ``name``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(name))
    return calendar


def vevent(
    event: Event,
    *,
    uid: str,
    url: str,
    now: datetime,
    description: str = "",
    show_online_link: bool = False,
    url_label: str = "",
    sequence: int | None = None,
) -> VEvent:
    """The event as a VEVENT, its ``url`` written once at the end of the description (after
    ``url_label``). The online joining link is only for people holding a place. ``sequence``
    replaces the event's own when the entry changes with more than the event."""
    entry = VEvent()
    entry.add("uid", uid)
    entry.add("dtstamp", now)
    entry.add("dtstart", local(event.starts_at))
    entry.add("dtend", local(event.ends_at))
    entry.add("summary", event.title)
    entry.add("sequence", event.sequence if sequence is None else sequence)
    entry.add("last-modified", event.updated_at)
    entry.add("url", url)
    online = event.online_url if show_online_link else ("Online" if event.online_url else "")
    location = event.venue or online  # not rules.where: the link is not for everyone
    if location:
        entry.add("location", vText(location))
    link = f"{url_label}: {url}" if url_label else url
    text = "\n\n".join(part for part in (event.summary, description, link) if part)
    entry.add("description", text)
    cancelled = event.status == EventStatus.CANCELLED
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return entry


# Europe/London as its rules (the same since 1996), not as a list of transitions: a list ends
# at some year (2038, from the zone database), and events can be entered up to 2100.
_LONDON_RULES = """BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZNAME:BST
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
DTSTART:19960331T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZNAME:GMT
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
DTSTART:19961027T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


@functools.cache
def _london_vtimezone() -> Timezone:
    """Europe/London's VTIMEZONE, read once."""
    return Timezone.from_ical(_LONDON_RULES)


def serialise(calendar: Calendar) -> bytes:
    """The calendar as an .ics file, with Europe/London's VTIMEZONE."""
    calendar.add_component(_london_vtimezone())
    return calendar.to_ical()


def event_uid(event: Event, host: str) -> str:
    """Stable for one event, on the public host."""
    return f"event-{event.id}@{host}"


def event_calendar(event: Event, *, event_url: str, host: str, now: datetime) -> bytes:
    """An .ics file holding the event."""
    calendar = new_calendar(event.title)
    calendar.add_component(vevent(event, uid=event_uid(event, host), url=event_url, now=now))
    return serialise(calendar)


def feed_calendar(
    events: Sequence[Event], *, urls: dict[int, str], host: str, now: datetime, name: str
) -> bytes:
    """A subscribable feed of events (Event objects, or the catalogue's rows of their columns)."""
    calendar = new_calendar(name)
    for event in events:
        calendar.add_component(
            vevent(event, uid=event_uid(event, host), url=urls[event.id], now=now)
        )
    return serialise(calendar)
