"""Loading and locking events, and the rules on when an event takes bookings."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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


def confirmed_count(session: Session, event_id: int) -> int:
    """How many confirmed places the event has given."""
    return session.scalar(
        select(func.count()).where(
            Booking.event_id == event_id, Booking.status == BookingStatus.CONFIRMED
        )
    )


def places_left(session: Session, event: Event) -> int:
    """Capacity minus confirmed places, never below zero."""
    return max(event.capacity - confirmed_count(session, event.id), 0)


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
