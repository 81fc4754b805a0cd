"""Loading and locking events, and the rules on when an event takes bookings."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label

from booking.models import Booking, BookingStatus, Event, EventStatus
from booking.services.errors import NotBookable, NotFound


def get_event(session: Session, event_id: int, *, include_drafts: bool = False) -> Event:
    """The event with this id. Raises NotFound ("not_found"), also for drafts unless included."""
    event = session.get(Event, event_id)
    if event is None or (not include_drafts and is_draft(event)):
        raise NotFound("Event not found")
    return event


def is_draft(event: Event) -> bool:
    """A draft, or a workshop of a draft conference: only organisers see it."""
    return event.status == EventStatus.DRAFT or (
        event.parent is not None and event.parent.status == EventStatus.DRAFT
    )


def lock_event(session: Session, event_id: int) -> Event:
    """Load the event holding its row lock until the transaction ends.

    PostgreSQL takes ``SELECT ... FOR UPDATE``; on SQLite the writer session has already begun with
    ``BEGIN IMMEDIATE``, which holds the database's write lock. Raises NotFound ("not_found").
    """
    event = session.scalars(
        select(Event)
        .where(Event.id == event_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if event is None:
        raise NotFound("Event not found")
    return event


@dataclass(frozen=True)
class PlaceCounts:
    confirmed: int = 0
    waitlisted: int = 0


def place_counts(session: Session, event_ids: list[int]) -> dict[int, PlaceCounts]:
    """Confirmed and waiting places for each of these events, in one grouped, indexed query."""
    found: dict[int, dict[str, int]] = {event_id: {} for event_id in event_ids}
    if event_ids:
        for event_id, status, count in session.execute(
            select(Booking.event_id, Booking.status, func.count())
            .where(Booking.event_id.in_(event_ids), Booking.status != BookingStatus.CANCELLED)
            .group_by(Booking.event_id, Booking.status)
        ):
            found[event_id][status.value] = count
    return {event_id: PlaceCounts(**counts) for event_id, counts in found.items()}


def confirmed_places(event_id) -> Label:
    """The confirmed places of the event whose id is ``event_id`` (a column), as a column."""
    return (
        select(func.count())
        .where(Booking.event_id == event_id, Booking.status == BookingStatus.CONFIRMED)
        .scalar_subquery()
        .label("confirmed")
    )


def places_left(session: Session, event: Event) -> int:
    """Capacity minus confirmed places, never below zero."""
    return max(event.capacity - place_counts(session, [event.id])[event.id].confirmed, 0)


def booking_closes_at(event: Event) -> datetime:
    """Bookings close at the stated time, or when the event starts."""
    return event.booking_closes_at or event.starts_at


def ensure_bookable(event: Event, now: datetime) -> None:
    """Raise NotBookable ("not_bookable") unless the event takes bookings at ``now``;
    NotFound ("not_found") for drafts."""
    if event.status == EventStatus.CANCELLED:
        raise NotBookable("This event has been cancelled.")
    if is_draft(event):
        raise NotFound("Event not found")  # a draft does not exist for the public
    if event.status != EventStatus.PUBLISHED:
        raise NotBookable("This event is not open for booking.")
    if event.booking_opens_at and now < event.booking_opens_at:
        raise NotBookable("Booking for this event has not opened yet.")
    if now >= booking_closes_at(event):
        raise NotBookable("Booking for this event has closed.")  # closes by the start at the latest
    if event.parent is not None and event.parent.status != EventStatus.PUBLISHED:
        raise NotBookable("The conference this workshop belongs to is not open for booking.")
