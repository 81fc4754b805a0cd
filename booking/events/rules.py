"""The rules of an event: who may see it, when it takes bookings, its places, its place.

``booking_state`` is the one statement of whether an event takes bookings: the event page shows
it and ``ensure_bookable`` (called by booking) enforces it. The rules read plain attributes, so
they hold for an ``Event`` and for a row read for a page alike.
"""

from datetime import datetime
from enum import StrEnum
from typing import Protocol

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session, aliased

from booking.accounts.models import Role
from booking.core.errors import NotBookable, NotFound
from booking.core.formatting import booking_opens_text, places_left_text
from booking.events.models import Event, EventStatus

DEFAULT_REMINDER_DAYS = 2
LONGEST_REMINDER_DAYS = 30


class EventLike(Protocol):
    status: EventStatus
    parent_status: EventStatus | None
    starts_at: datetime
    ends_at: datetime
    booking_opens_at: datetime | None
    booking_closes_at: datetime | None


class BookingState(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    FULL = "full"  # open, onto the waiting list
    CLOSED = "closed"
    FINISHED = "finished"  # over: closed, and nothing more to come
    CANCELLED = "cancelled"
    DRAFT = "draft"
    BOOKED = "booked"  # the viewer holds a place (see catalogue.event_page)
    WAITLISTED = "waitlisted"  # the viewer is on the waiting list


def is_draft(event: EventLike) -> bool:
    """A draft, or a workshop of a draft conference: only organisers see it."""
    return EventStatus.DRAFT in (event.status, event.parent_status)


def is_cancelled(event: EventLike) -> bool:
    """Cancelled, or a workshop of a cancelled conference."""
    return EventStatus.CANCELLED in (event.status, event.parent_status)


def booking_closes_at(event: EventLike) -> datetime:
    """Bookings close at the stated time, or when the event starts."""
    return event.booking_closes_at or event.starts_at


def places_left(capacity: int, confirmed: int) -> int:
    """Capacity minus confirmed places, never below zero."""
    return max(capacity - confirmed, 0)


def booking_state(event: EventLike, *, places_left: int, now: datetime) -> BookingState:
    """Whether the event takes bookings at ``now``: CANCELLED, DRAFT, FINISHED (once it has
    ended), CLOSED (from the closing time, at the latest its start), NOT_YET_OPEN, or OPEN
    while places are left, FULL (joining the waiting list) when none are."""
    if is_cancelled(event):
        return BookingState.CANCELLED
    if is_draft(event):
        return BookingState.DRAFT
    if now >= event.ends_at:
        return BookingState.FINISHED
    if now >= booking_closes_at(event):
        return BookingState.CLOSED
    if event.booking_opens_at and now < event.booking_opens_at:
        return BookingState.NOT_YET_OPEN
    return BookingState.OPEN if places_left > 0 else BookingState.FULL


_REFUSALS = {
    BookingState.CANCELLED: "This event has been cancelled.",
    BookingState.CLOSED: "Booking for this event has closed.",
    BookingState.FINISHED: "This event has finished.",
    BookingState.NOT_YET_OPEN: "Booking for this event has not opened yet.",
}


def ensure_bookable(event: EventLike, *, places_left: int, now: datetime) -> BookingState:
    """The event's booking state when it takes bookings (OPEN or FULL).

    Raises NotFound ("not_found") for a draft, which does not exist for the public, and
    NotBookable ("not_bookable") when the event is cancelled, finished, closed or not yet open.
    """
    state = booking_state(event, places_left=places_left, now=now)
    if state == BookingState.DRAFT:
        raise NotFound("Event not found")
    if state in _REFUSALS:
        raise NotBookable(_REFUSALS[state])
    return state


class ShownEvent(Protocol):
    """A listed event or an event's page: the event, its booking state and places left."""

    event: EventLike
    state: BookingState
    places_left: int


_SAID = {
    BookingState.CANCELLED: "This event has been cancelled",
    BookingState.CLOSED: "Booking has closed",
    BookingState.FINISHED: "This event has finished",
}


def booking_text(shown: ShownEvent) -> str:
    """What to say about booking an event, wherever it is shown (the catalogue, the event
    page and its workshops, the API): when booking opens while it is not yet open, that it has
    closed, finished or been cancelled, and otherwise its places left or that it is full."""
    if shown.state == BookingState.NOT_YET_OPEN:
        return booking_opens_text(shown.event.booking_opens_at)
    return _SAID.get(shown.state) or places_left_text(shown.places_left)


def where(venue: str) -> str:
    """Where an event with this venue takes place, as people read it: the venue, or "Online"
    (the joining link itself is only for people holding a place)."""
    return venue or "Online"


def reminder_days(event) -> int:
    """How many days before the event its reminders go."""
    return DEFAULT_REMINDER_DAYS if event.reminder_days is None else event.reminder_days


def get_event(session: Session, event_id: int, *, include_drafts: bool = False) -> Event:
    """The event with this id. Raises NotFound ("not_found"), also for drafts unless included."""
    event = session.get(Event, event_id)
    if event is None or (not include_drafts and is_draft(event)):
        raise NotFound("Event not found")
    return event


_target = aliased(Event)
# Built once, with a bound id: composing it on every call cost more than running it (a lock
# took 0.32 ms composed each time, 0.09 ms built once, on SQLite in-process).
_LOCK_EVENT_AND_CONFERENCE = (
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
    locked = session.scalars(_LOCK_EVENT_AND_CONFERENCE, {"event_id": event_id}).all()
    event = next((e for e in locked if e.id == event_id), None)
    if event is None:
        raise NotFound("Event not found")
    return event


def is_trainer_of(event: Event, person_id: int) -> bool:
    """Whether the person trains on the event, or on the conference it is a workshop of, and
    still has the trainer role: someone whose role was taken away keeps no access through the
    events they were assigned to."""
    trainers = [*event.trainers, *(event.parent.trainers if event.parent else [])]
    return any(t.id == person_id and t.role == Role.TRAINER for t in trainers)
