"""What a viewer sees on an event's page: the event, its trainers and places, the viewer's
booking and state, and a conference's workshops with theirs."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from booking.models import (
    Booking,
    BookingStatus,
    Event,
    EventKind,
    EventStatus,
    User,
    event_trainers,
)
from booking.services.bookings import waitlist_position
from booking.services.errors import NotFound
from booking.services.events import booking_closes_at, places_taken


class BookingState(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    FULL = "full"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    DRAFT = "draft"
    BOOKED = "booked"
    WAITLISTED = "waitlisted"


@dataclass(frozen=True, slots=True)
class EventDetails:
    """An event as its page shows it: plain values read in one statement, not an ORM object
    (loading one, then its trainers, then its places took three)."""

    id: int
    parent_id: int | None
    kind: EventKind
    status: EventStatus
    title: str
    summary: str
    description: str
    audience: str
    programme: str
    venue: str
    online_url: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booking_opens_at: datetime | None
    booking_closes_at: datetime | None
    cpd_hours: Decimal | None
    trainers: tuple[str, ...] = ()  # their names, in alphabetical order

    @property
    def is_conference(self) -> bool:
        return self.kind == EventKind.CONFERENCE


@dataclass
class EventView:
    """An event as one viewer sees it."""

    event: EventDetails
    places_left: int
    waiting: int
    state: BookingState
    booking: Booking | None = None
    position: int | None = None
    workshops: list["EventView"] = field(default_factory=list)


# Core columns, not ORM attributes: an ORM statement costs more in Python to run.
_event = Event.__table__.c
_parent = Event.__table__.alias("parent").c
_trainer = User.__table__.c
_DETAILS = tuple(_event[name] for name in EventDetails.__dataclass_fields__ if name != "trainers")
_COUNTS = (places_taken(_event.id), places_taken(_event.id, BookingStatus.WAITLISTED))

# Built once: composing a statement costs more than the database takes to run it.
_EVENT_WITH_TRAINERS = (
    select(
        *_DETAILS,
        *_COUNTS,
        select(_parent.status)
        .where(_parent.id == _event.parent_id)
        .scalar_subquery()
        .label("parent_status"),
        _trainer.name.label("trainer"),
    )
    .select_from(
        Event.__table__.outerjoin(event_trainers, event_trainers.c.event_id == _event.id).outerjoin(
            User.__table__, _trainer.id == event_trainers.c.user_id
        )
    )
    .where(_event.id == bindparam("event_id"))
    .order_by(_trainer.name, _trainer.id)
)
_WORKSHOPS = (
    select(*_DETAILS, *_COUNTS)
    .where(_event.parent_id == bindparam("event_id"))
    .order_by(_event.starts_at, _event.title)
)


def view_event(
    session: Session,
    event_id: int,
    *,
    viewer_id: int | None,
    now: datetime,
    include_drafts: bool = False,
) -> EventView:
    """The event with its trainers and places, the viewer's booking and state, and for a
    conference its workshops. One statement for anyone's view of an event that is not a
    conference; one more for a conference's workshops, one for a signed-in viewer's bookings.

    Raises NotFound ("not_found") for unknown events, and for drafts (or workshops of a draft
    conference) unless ``include_drafts``.
    """
    rows = session.execute(_EVENT_WITH_TRAINERS, {"event_id": event_id}).all()
    if not rows or not include_drafts and _is_draft(rows[0]):
        raise NotFound("Event not found")
    top = rows[0]
    event = _details(top, trainers=tuple(row.trainer for row in rows if row.trainer is not None))
    listed = [(event, top)]
    if event.is_conference:
        workshops = session.execute(_WORKSHOPS, {"event_id": event_id})
        listed += [(_details(row), row) for row in workshops]
    mine = _viewer_bookings(session, [e.id for e, _ in listed], viewer_id)
    views = [_build_view(session, e, row, mine.get(e.id), now) for e, row in listed]
    views[0].workshops = views[1:]
    return views[0]


def _is_draft(row: Row) -> bool:
    """A draft, or a workshop of a draft conference: only organisers see it."""
    return EventStatus.DRAFT in (row.status, row.parent_status)


def _details(row: Row, trainers: tuple[str, ...] = ()) -> EventDetails:
    return EventDetails(*row[: len(_DETAILS)], trainers=trainers)


def _viewer_bookings(session: Session, event_ids: list[int], viewer_id: int | None):
    if viewer_id is None:
        return {}
    bookings = session.scalars(
        select(Booking).where(
            Booking.event_id.in_(event_ids),
            Booking.person_id == viewer_id,
            Booking.status != BookingStatus.CANCELLED,
        )
    )
    return {booking.event_id: booking for booking in bookings}


def _build_view(
    session: Session, event: EventDetails, counts: Row, booking: Booking | None, now: datetime
) -> EventView:
    left = max(event.capacity - counts.confirmed, 0)
    view = EventView(event, left, counts.waitlisted, _state(event, left, booking, now), booking)
    if booking is not None and booking.status == BookingStatus.WAITLISTED:
        view.position = waitlist_position(session, booking)
    return view


def _state(event: EventDetails, left: int, booking: Booking | None, now: datetime) -> BookingState:
    if event.status == EventStatus.CANCELLED:
        return BookingState.CANCELLED
    if event.status == EventStatus.DRAFT:
        return BookingState.DRAFT
    if booking is not None:
        if booking.status == BookingStatus.CONFIRMED:
            return BookingState.BOOKED
        return BookingState.WAITLISTED
    if now >= booking_closes_at(event):
        return BookingState.CLOSED
    if event.booking_opens_at and now < event.booking_opens_at:
        return BookingState.NOT_YET_OPEN
    return BookingState.OPEN if left > 0 else BookingState.FULL
