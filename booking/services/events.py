"""Loading and locking events, and the rules on when an event takes bookings."""

from datetime import datetime

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased
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


# Built once: composing a statement costs more than SQLite takes to run it.
_target = aliased(Event)
_LOCK_EVENT_AND_PARENT = (
    select(Event)
    .where(
        or_(
            Event.id == bindparam("event_id"),
            Event.id
            == select(_target.parent_id)
            .where(_target.id == bindparam("event_id"))
            .scalar_subquery(),
        )
    )
    .order_by(Event.parent_id.is_not(None))  # the conference (no parent) first
    .with_for_update()
    .execution_options(populate_existing=True)
)


def lock_event(session: Session, event_id: int) -> Event:
    """Load the event holding its row lock until the transaction ends; a workshop's conference
    is locked first, in the same statement.

    PostgreSQL takes ``SELECT ... FOR UPDATE`` on both rows, conference first: the order every
    writer locks them in, so two writers never wait on each other. On SQLite the writer session
    has already begun with ``BEGIN IMMEDIATE``, which holds the database's write lock.
    Raises NotFound ("not_found").
    """
    locked = session.scalars(_LOCK_EVENT_AND_PARENT, {"event_id": event_id}).all()
    event = next((e for e in locked if e.id == event_id), None)
    if event is None:
        raise NotFound("Event not found")
    return event


def places_taken(event_id, status: BookingStatus = BookingStatus.CONFIRMED) -> Label:
    """The number of the event's bookings in this status, as a column to select alongside
    others: ``event_id`` is an id or a column (then counted per row, by the same index)."""
    bookings = Booking.__table__  # Core columns: an ORM attribute would make every
    return (  # statement holding the count an ORM statement, which costs more to run
        select(func.count())
        .where(bookings.c.event_id == event_id, bookings.c.status == status)
        .scalar_subquery()
        .label(status.value)
    )


def confirmed_places(session: Session, event_id: int) -> int:
    """How many confirmed places the event has."""
    return session.scalar(select(places_taken(event_id)))


def places_left(session: Session, event: Event) -> int:
    """Capacity minus confirmed places, never below zero."""
    return max(event.capacity - confirmed_places(session, event.id), 0)


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
