"""An organiser's change to an event, as it reaches the people booked on it: editing tells
them what changed and a raised capacity gives places to the waiting list; cancelling tells
them the event is off. (The event's own side is ``events.editing``.)"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from booking.bookings import notifications
from booking.bookings.choices import clashing
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.places import confirmed_places
from booking.bookings.services import promote_waitlist
from booking.core.errors import SlotTaken
from booking.events.editing import EventFields, cancelled_with, edit_event, mark_cancelled
from booking.events.models import Event
from booking.events.rules import lock_event


def update_event(
    session: Session, event_id: int, details: EventFields, *, actor_id: int | None, now: datetime
) -> Event:
    """Change an event; calendars see a higher SEQUENCE; a raised capacity promotes waiters.

    People with a live booking are emailed when the time, venue or online link changes.
    Raises NotFound ("not_found"), NotBookable ("not_bookable") for a cancelled event,
    InvalidEvent ("invalid_event"), also for a capacity below the places already confirmed;
    SlotTaken ("slot_taken", on ``starts_at``) when a workshop's new time overlaps another
    workshop that one of its delegates holds (changing a delegate's choices is theirs to do).
    """
    event = lock_event(session, event_id)
    before = edit_event(
        session,
        event,
        details,
        confirmed=confirmed_places(session, event.id),
        actor_id=actor_id,
        now=now,
    )
    if event.is_workshop:
        _ensure_no_clash(session, event)
    notifications.event_changed(session, event, before, now=now)
    promote_waitlist(session, event, now=now)
    return event


def _ensure_no_clash(session: Session, workshop: Event) -> None:
    clashes = Counter(
        other.event.title
        for booking in notifications.live_bookings(session, workshop.id)
        for other in clashing(session, booking)
    )
    if clashes:
        title, people = clashes.most_common(1)[0]
        holders = "1 delegate holds a place" if people == 1 else f"{people} delegates hold places"
        raise SlotTaken(
            f"That time overlaps “{title}”: {holders} on it and on “{title}”. "
            "Choose a time that does not overlap, or ask them to change their workshops first.",
            field="starts_at",
        )


def cancel_event(
    session: Session, event_id: int, *, actor_id: int | None, now: datetime, message: str = ""
) -> Event:
    """Cancel an event, and those of a conference's workshops still to come; bookings stay
    for the record, and the people holding them are emailed, with the organiser's
    ``message`` when there is one.

    Raises NotFound ("not_found"), NotBookable ("not_bookable") if already cancelled or over.
    """
    event = lock_event(session, event_id)
    for item in mark_cancelled(session, event, actor_id=actor_id, now=now):
        # each calendar entry's CANCEL
        notifications.event_cancelled(session, item, now=now, message=message.strip())
    return event


@dataclass(frozen=True)
class CancellationReach:
    """What cancelling an event would reach, for the organiser to see before confirming."""

    workshops: int
    people: int


def cancellation_reach(session: Session, event: Event, *, now: datetime) -> CancellationReach:
    """How many workshops cancelling the event would cancel with it, and how many people
    (holding a place or a waiting-list place on any of them) would be emailed."""
    going = cancelled_with(event, now)
    people = session.scalar(
        select(func.count(Booking.person_id.distinct())).where(
            Booking.event_id.in_([item.id for item in going]),
            Booking.status != BookingStatus.CANCELLED,
        )
    )
    return CancellationReach(workshops=len(going) - 1, people=people)
