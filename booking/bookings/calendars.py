"""A booking's calendar file: the event, with the person's ticket link, as a download or as an
emailed invitation (METHOD:REQUEST to add or update it, METHOD:CANCEL to remove it)."""

import hashlib
from collections.abc import Sequence
from datetime import datetime

from icalendar import Event as VEvent
from icalendar import vCalAddress, vText

from booking.bookings.models import Booking, BookingStatus
from booking.core.formatting import one_line
from booking.events.calendars import new_calendar, serialise, vevent
from booking.events.models import EventStatus


def booking_uid(booking: Booking, host: str) -> str:
    """Stable for one booking; a rebooking (new ticket) is a new calendar entry."""
    incarnation = hashlib.sha256(booking.ticket_token.encode()).hexdigest()[:12]
    return f"booking-{booking.id}-{incarnation}@{host}"


def booking_calendar(
    booking: Booking,
    *,
    ticket_url: str,
    host: str,
    now: datetime,
    method: str | None = None,
    organiser: tuple[str, str] = ("", ""),
    workshops: Sequence[str] = (),
) -> bytes:
    """An .ics file for the person's booking, linking to their ticket once, and listing a
    delegate's ``workshops`` (``choices.describe_choices``). Its SEQUENCE is the event's plus
    the booking's, which grows when the workshops change.

    A cancelled booking, or one on the waiting list, is written as cancelled or tentative so a
    calendar never shows a place the person does not hold. With ``method`` ("REQUEST" or
    "CANCEL") it is an invitation for email, naming the ``organiser`` (name, address) and the
    person as attendee.
    """
    event = booking.event
    calendar = new_calendar(event.title)
    if method:
        calendar.add("method", method)
    entry = vevent(
        event,
        uid=booking_uid(booking, host),
        url=ticket_url,
        now=now,
        description=_description(booking, workshops),
        show_online_link=booking.status == BookingStatus.CONFIRMED,
        url_label="Your ticket",
        sequence=event.sequence + booking.sequence,
    )
    _mark_status(entry, booking)
    if method:
        _add_people(entry, booking, organiser, cancelled=method == "CANCEL")
    calendar.add_component(entry)
    return serialise(calendar)


def _description(booking: Booking, workshops: Sequence[str]) -> str:
    """The online link for a place held, and the delegate's workshops."""
    online_url = booking.event.online_url
    holds_place = booking.status == BookingStatus.CONFIRMED
    parts = [f"Join online: {online_url}"] if holds_place and online_url else []
    if workshops:
        parts.append("Your workshops:\n" + "\n".join(workshops))
    return "\n\n".join(parts)


def _mark_status(entry: VEvent, booking: Booking) -> None:
    """A calendar never shows a place the person does not hold."""
    if booking.status == BookingStatus.CANCELLED:
        entry["status"] = "CANCELLED"
    elif (
        booking.status == BookingStatus.WAITLISTED and booking.event.status != EventStatus.CANCELLED
    ):
        entry["status"] = "TENTATIVE"


def _add_people(
    entry: VEvent, booking: Booking, organiser: tuple[str, str], *, cancelled: bool
) -> None:
    name, address = organiser
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = vText(one_line(name))
    entry.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{booking.person.email}")
    attendee.params["CN"] = vText(one_line(booking.person.name))
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("DECLINED" if cancelled else "ACCEPTED")
    entry.add("attendee", attendee)
    if cancelled:
        entry["status"] = "CANCELLED"
