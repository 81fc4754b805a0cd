"""A delegate's conference workshops: the time slots, and choosing one workshop (or none) in
each, in one step.

A workshop place is still a booking of its own (the door checks people in at each workshop),
but the delegate holds one ticket and one calendar entry: the conference booking's, which lists
the workshops chosen and is sent again, with a higher SEQUENCE, when they change.
"""

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.bookings import notifications
from booking.bookings.choices import Timed, live_workshop_bookings, overlap
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.places import places_taken, waitlist_position
from booking.bookings.services import cancel_and_promote, find_booking, take_place
from booking.core.errors import NotBookable, NotFound, SlotTaken
from booking.events.models import Event, EventStatus
from booking.events.rules import lock_event, places_left

T = TypeVar("T", bound=Timed)


@dataclass(frozen=True)
class Slot(Generic[T]):
    """Workshops at overlapping times: a delegate can be in only one of them."""

    starts_at: datetime
    ends_at: datetime
    workshops: tuple[T, ...]


def time_slots(workshops: Iterable[T]) -> list[Slot[T]]:
    """The workshops grouped into time slots, earliest first: a workshop that overlaps one of
    a slot joins it, so two workshops in different slots never clash."""
    slots: list[Slot[T]] = []
    for workshop in sorted(workshops, key=lambda w: (w.starts_at, w.ends_at, w.title)):
        if slots and workshop.starts_at < slots[-1].ends_at:
            last = slots[-1]
            ends_at = max(last.ends_at, workshop.ends_at)
            slots[-1] = Slot(last.starts_at, ends_at, (*last.workshops, workshop))
        else:
            slots.append(Slot(workshop.starts_at, workshop.ends_at, (workshop,)))
    return slots


@dataclass(frozen=True)
class WorkshopChoice:
    """A workshop as the delegate sees it on the page where they choose."""

    workshop: Event
    places_left: int
    booking: Booking | None  # the delegate's live booking on it
    position: int | None  # on its waiting list

    @property
    def starts_at(self) -> datetime:
        return self.workshop.starts_at

    @property
    def ends_at(self) -> datetime:
        return self.workshop.ends_at

    @property
    def title(self) -> str:
        return self.workshop.title


def workshop_choices(session: Session, conference_booking: Booking) -> list[Slot[WorkshopChoice]]:
    """The conference's published workshops in their time slots, each with its places left
    and the delegate's booking on it."""
    rows = session.execute(
        select(Event, places_taken(Event.id))
        .where(
            Event.parent_id == conference_booking.event_id,
            Event.status == EventStatus.PUBLISHED,
        )
        .order_by(Event.starts_at, Event.title)
    ).all()
    mine = {
        booking.event_id: booking
        for booking in live_workshop_bookings(
            session, conference_booking.event_id, conference_booking.person_id
        )
    }
    return time_slots(
        WorkshopChoice(
            workshop=event,
            places_left=places_left(event.capacity, confirmed),
            booking=mine.get(event.id),
            position=waitlist_position(session, mine[event.id]) if event.id in mine else None,
        )
        for event, confirmed in rows
    )


@dataclass(frozen=True)
class WorkshopsChosen:
    """What choosing came to."""

    conference_title: str
    changed: bool
    waiting: tuple[tuple[str, int], ...]  # workshops chosen onto their waiting list: title,
    # and position in the queue
    given_up: tuple[str, ...]  # titles of workshops whose place (not queue) the person gave up


def choose_workshops(
    session: Session,
    *,
    booking_id: int,
    person_id: int,
    choices: Collection[int],
    now: datetime | Callable[[], datetime],
) -> WorkshopsChosen:
    """Make the delegate's workshops exactly ``choices`` (workshop ids), in one transaction.

    A workshop newly chosen gives a place, or a waiting-list place when it is full or others
    wait; one no longer chosen is cancelled and its place goes to the head of its waiting list;
    an unchanged choice keeps its place or its position in the queue. A place on a workshop
    the organisers cancelled is left as it is. When anything changed, the conference booking's
    calendar sequence rises and the delegate gets one email listing their workshops with the
    updated calendar entry. ``now`` may be the clock itself, read once the conference is
    locked (as ``services.book_place`` does).
    Raises NotFound ("not_found") for a booking that is not the person's conference booking,
    or a workshop that is not one of the conference's published workshops;
    NotBookable ("not_bookable") when the conference place is not confirmed, the conference has
    started, or a newly chosen workshop does not take bookings (closed, not yet open);
    SlotTaken ("slot_taken") when two chosen workshops overlap;
    OwnCourse ("own_course") when the person is a trainer of a newly chosen workshop.
    """
    conference_booking = find_booking(session, booking_id, person_id)
    conference = lock_event(session, conference_booking.event_id)
    now = now() if callable(now) else now
    session.refresh(conference_booking)
    _ensure_can_choose(conference_booking, conference, now)
    held, dropped, added = _change_places(session, conference, person_id, choices, now)
    if dropped or added:
        first = {"first": True} if not held else {}
        notifications.workshops_changed(session, conference_booking, now=now, **first)
    return WorkshopsChosen(
        conference_title=conference.title,
        changed=bool(dropped or added),
        waiting=tuple(
            (b.event.title, waitlist_position(session, b))
            for b in added
            if b.status == BookingStatus.WAITLISTED
        ),
        given_up=tuple(b.event.title for b in dropped if not b.left_waiting_list),
    )


def _change_places(
    session: Session, conference: Event, person_id: int, choices: Collection[int], now: datetime
) -> tuple[list[Booking], list[Booking], list[Booking]]:
    """Cancel the places on workshops no longer chosen, take places on those newly chosen;
    returns the places held before, those dropped and those taken. Places on workshops the
    organisers cancelled are not the delegate's to drop."""
    workshops = _offered(session, conference.id)
    chosen = _chosen(workshops, choices)
    held = {  # what is decided on, read now that the conference is locked
        b.event_id: b
        for b in live_workshop_bookings(session, conference.id, person_id)
        if b.event_id in workshops
    }
    dropped = [booking for event_id, booking in held.items() if event_id not in choices]
    for booking in dropped:
        cancel_and_promote(session, booking, lock_event(session, booking.event_id), now)
    added = [
        take_place(session, lock_event(session, workshop.id), person_id, now)
        for workshop in chosen
        if workshop.id not in held
    ]
    return list(held.values()), dropped, added


def _offered(session: Session, conference_id: int) -> dict[int, Event]:
    """The conference's published workshops by id, as stored now: the session's copies are
    refreshed, since the page read them before the lock and an organiser may have moved one
    since (a stale time would let a clash through)."""
    return {
        workshop.id: workshop
        for workshop in session.scalars(
            select(Event)
            .where(Event.parent_id == conference_id, Event.status == EventStatus.PUBLISHED)
            .execution_options(populate_existing=True)
        )
    }


def _ensure_can_choose(conference_booking: Booking, conference: Event, now: datetime) -> None:
    if not conference.is_conference:
        raise NotFound("Booking not found")
    if conference_booking.status != BookingStatus.CONFIRMED:
        raise NotBookable("Book a place on the conference before choosing its workshops.")
    if not conference_booking.can_change(now):
        raise NotBookable("The conference has started, so your workshops can no longer change.")


def _chosen(workshops: dict[int, Event], choices: Collection[int]) -> list[Event]:
    """The workshops chosen, refusing any that is not offered and any two that clash."""
    if any(choice not in workshops for choice in choices):
        raise NotFound("Workshop not found")
    chosen = [workshops[choice] for choice in sorted(set(choices))]
    _ensure_no_clash(chosen)
    return chosen


def _ensure_no_clash(chosen: Sequence[Event]) -> None:
    for i, one in enumerate(chosen):
        for other in chosen[i + 1 :]:
            if overlap(one, other):
                raise SlotTaken(
                    f"“{one.title}” and “{other.title}” are at the same time. "
                    "Choose one workshop in each time slot."
                )
