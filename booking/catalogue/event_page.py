"""What a viewer sees on an event's page: the event, its trainers and places, the viewer's
booking and state, and a conference's workshops with theirs."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from booking.bookings.models import Booking, BookingStatus
from booking.bookings.places import waitlist_position
from booking.catalogue.queries import PageEvent, PageRow, page_rows
from booking.core.errors import NotFound
from booking.events.models import event_trainers
from booking.events.rules import BookingState, booking_state, is_draft, places_left


@dataclass
class EventView:
    """An event as one viewer sees it."""

    event: PageEvent
    places_left: int
    waiting: int
    state: BookingState
    booking: Booking | None = None
    position: int | None = None  # on the waiting list
    trains: bool = False  # the viewer is one of its trainers, who cannot book it
    workshops: list["EventView"] = field(default_factory=list)


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
    conference; one more for a conference's workshops, one for a signed-in viewer's bookings
    and one for whether they train on it (a trainer cannot book their own course).

    Raises NotFound ("not_found") for unknown events, and for drafts (or workshops of a draft
    conference) unless ``include_drafts``.
    """
    rows = page_rows(session, event_id)
    if not rows or (not include_drafts and is_draft(rows[0].event)):
        raise NotFound("Event not found")
    mine = _viewer_bookings(session, [row.event.id for row in rows], viewer_id)
    views = [_view(session, row, mine.get(row.event.id), now) for row in rows]
    views[0].workshops = views[1:]
    views[0].trains = viewer_id is not None and _trains(session, event_id, viewer_id)
    return views[0]


def _trains(session: Session, event_id: int, person_id: int) -> bool:
    return session.scalar(
        select(
            exists().where(
                event_trainers.c.event_id == event_id, event_trainers.c.user_id == person_id
            )
        )
    )


def _viewer_bookings(
    session: Session, event_ids: list[int], viewer_id: int | None
) -> dict[int, Booking]:
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


def _view(session: Session, row: PageRow, booking: Booking | None, now: datetime) -> EventView:
    left = places_left(row.event.capacity, row.confirmed)
    state = viewer_state(booking_state(row.event, places_left=left, now=now), booking)
    view = EventView(row.event, left, row.waitlisted, state, booking)
    if booking is not None:
        view.position = waitlist_position(session, booking)
    return view


_UNAFFECTED_BY_BOOKING = (BookingState.CANCELLED, BookingState.DRAFT, BookingState.FINISHED)


def viewer_state(state: BookingState, booking: Booking | None) -> BookingState:
    """The event's booking state as a viewer holding ``booking`` sees it: booked, or on the
    waiting list, unless the event is cancelled, a draft or finished."""
    if booking is None or state in _UNAFFECTED_BY_BOOKING:
        return state
    if booking.status == BookingStatus.CONFIRMED:
        return BookingState.BOOKED
    return BookingState.WAITLISTED
