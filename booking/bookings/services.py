"""Booking places, the waiting list, cancelling, and conference workshops.

Every decision on places is taken holding the event's lock (``events.rules.lock_event``), so
no event is oversold whatever the number of app instances, and the waiting list moves in the
same transaction that frees a place.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from booking.bookings import notifications
from booking.bookings.choices import clashing, live_workshop_bookings
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.places import confirmed_places, waitlist_position
from booking.bookings.queries import person_and_places
from booking.bookings.tickets import new_ticket_token
from booking.core.errors import (
    AlreadyBooked,
    EmailNotConfirmed,
    NotBookable,
    NotFound,
    OwnCourse,
)
from booking.events.models import Event, EventStatus
from booking.events.rules import ensure_bookable, is_draft, lock_event, places_left


@dataclass(frozen=True)
class Booked:
    """What a booking came to, as the person is told it."""

    booking_id: int
    status: BookingStatus
    waitlist_position: int | None  # 1 for the head of the waiting list
    event_title: str
    is_conference: bool  # then the person goes on to choose workshops


def book_place(
    session: Session, *, event_id: int, person_id: int, now: datetime | Callable[[], datetime]
) -> Booked:
    """Give the person a place, or a place on the waiting list when the event is full.

    Places go first come, first served: while anyone is waiting, newcomers join the queue behind
    them. A cancelled booking is taken up again with a new ticket and a new place in the queue.
    Workshops are not booked one by one: a delegate chooses them with
    ``workshops.choose_workshops``. The person is told by email (confirmation with calendar
    invite, or waiting-list place).
    Raises NotFound ("not_found") for an unknown event or person and for drafts,
    NotBookable ("not_bookable") for a workshop, and for cancelled, not yet open or closed
    events, EmailNotConfirmed ("email_not_confirmed") until the person confirms their address,
    OwnCourse ("own_course") when the person is one of the event's trainers,
    AlreadyBooked ("already_booked") when the person holds a live booking.
    ``now`` may be the clock itself (the web passes ``utcnow``): it is then read once the
    event is locked, so a request that waited for the lock cannot take an earlier place in
    the queue than the one that held it.
    """
    event = lock_event(session, event_id)
    now = now() if callable(now) else now
    if event.is_workshop and not is_draft(event):
        raise NotBookable("Book the conference, then choose its workshops from your booking.")
    booking = take_place(session, event, person_id, now)
    notifications.booked(session, booking, now=now)
    return Booked(
        booking_id=booking.id,
        status=booking.status,
        waitlist_position=waitlist_position(session, booking),
        event_title=event.title,
        is_conference=event.is_conference,
    )


def take_place(
    session: Session, event: Event, person_id: int, now: datetime, *, vouched: bool = False
) -> Booking:
    """A place on the event for the person, or a place on its waiting list; no email.

    The caller holds the event's lock. Raises as ``book_place`` does, except that a ``vouched``
    place (a parent referred by a signed-in professional, who gave their details with their
    agreement) needs no confirmed address.
    """
    found = person_and_places(session, event.id, person_id)
    if found is None:
        raise NotFound("Person not found")
    if found.person.email_confirmed_at is None and not vouched:
        raise EmailNotConfirmed(
            "Confirm your email address before booking: use the link we emailed you."
        )
    ensure_bookable(event, places_left=places_left(event.capacity, found.confirmed), now=now)
    if found.is_trainer:
        raise OwnCourse(f"You are a trainer on {event.title}, so you cannot book a place on it.")
    booking = session.get(Booking, found.booking_id) if found.booking_id else None
    if booking is not None and booking.is_live:
        raise AlreadyBooked("You have already booked this event.")
    has_room = found.confirmed < event.capacity and found.waitlisted == 0
    if booking is None:
        # By id, not by relationship: the event and person are in the session already, and
        # setting the relationships made the flush cost twice as much (0.8 against 0.3 ms).
        booking = Booking(event_id=event.id, person_id=person_id, created_at=now)
        session.add(booking)
    # The person read with the places is the booking's: set as loaded, not as a change, so the
    # flush has nothing more to do and the email need not read them again (0.1 ms a booking).
    set_committed_value(booking, "person", found.person)
    _take_up(booking, BookingStatus.CONFIRMED if has_room else BookingStatus.WAITLISTED, now)
    session.flush()
    return booking


def _take_up(booking: Booking, status: BookingStatus, now: datetime) -> None:
    """A place (or a place in the queue) from now, with a new ticket."""
    booking.status = status
    booking.ticket_token = new_ticket_token()
    booking.queued_at = now
    booking.updated_at = now
    booking.cancelled_at = None
    booking.left_waiting_list = False


def cancel_booking(
    session: Session, *, booking_id: int, person_id: int | None, now: datetime
) -> list[Booking]:
    """Cancel a booking and give freed places to the head of the waiting list.

    ``person_id`` is the holder cancelling their own booking; ``None`` means an organiser.
    Cancelling a conference place cancels the person's workshops too. Returns the bookings promoted.
    Raises NotFound ("not_found") for an unknown booking or one that is not the person's,
    NotBookable ("not_bookable") when it is already cancelled or the event has started.
    """
    booking = find_booking(session, booking_id, person_id)
    event = lock_event(session, booking.event_id)
    session.refresh(booking)
    if not booking.is_live:
        raise NotBookable("This booking is already cancelled.")
    if person_id is not None and not booking.can_change(now):
        raise NotBookable("This event has started, so the booking can no longer be cancelled.")
    promoted = cancel_and_promote(session, booking, event, now)
    passed_on = bool(promoted)
    if event.is_conference:  # the conference's email and calendar entry stand for them all
        for workshop_booking in live_workshop_bookings(session, event.id, booking.person_id):
            workshop = lock_event(session, workshop_booking.event_id)
            promoted += cancel_and_promote(session, workshop_booking, workshop, now)
    notifications.cancelled(
        session, booking, by_organiser=person_id is None, now=now, passed_on=passed_on
    )
    return promoted


def cancel_and_promote(
    session: Session, booking: Booking, event: Event, now: datetime
) -> list[Booking]:
    """Cancel the booking, no email, delete the needs given with it, and give a freed place to
    the waiting list (the caller holds the event's lock). Returns the bookings promoted."""
    was_confirmed = booking.status == BookingStatus.CONFIRMED
    booking.left_waiting_list = booking.status == BookingStatus.WAITLISTED
    booking.status = BookingStatus.CANCELLED
    # What the person told the trainers can be health data: kept no longer than the place.
    booking.access_needs = booking.dietary_needs = booking.notes_for_trainer = ""
    booking.cancelled_at = now
    booking.updated_at = now
    session.flush()
    return promote_waitlist(session, event, now=now) if was_confirmed else []


def promote_waitlist(session: Session, event: Event, *, now: datetime) -> list[Booking]:
    """Confirm people from the head of the waiting list while the event has places left.

    A person who holds a workshop at the same time as this one (``choices.clashing``) is
    passed over and keeps their place in the queue: a promotion never
    makes a clash. The caller must hold the event's lock (``lock_event``). Each person promoted
    is told by email. Returns the bookings promoted, in order: none for an event that is
    cancelled, still a draft, or has started.
    """
    if event.status != EventStatus.PUBLISHED or event.starts_at <= now:
        return []
    free = places_left(event.capacity, confirmed_places(session, event.id))
    promoted: list[Booking] = []
    for booking in _waiting_list(session, event) if free > 0 else []:
        if not (event.is_workshop and clashing(session, booking)):
            booking.status = BookingStatus.CONFIRMED
            booking.updated_at = now
            promoted.append(booking)
        if len(promoted) == free:
            break
    session.flush()
    notifications.promoted(session, promoted, now=now)
    return promoted


def _waiting_list(session: Session, event: Event) -> list[Booking]:
    return list(
        session.scalars(
            select(Booking)
            .where(Booking.event_id == event.id, Booking.status == BookingStatus.WAITLISTED)
            .order_by(Booking.queued_at, Booking.id)
        )
    )


def get_own_booking(session: Session, *, booking_id: int, person_id: int) -> Booking:
    """The person's booking. Raises NotFound ("not_found") for others' bookings, saying nothing."""
    return find_booking(session, booking_id, person_id)


def find_booking(session: Session, booking_id: int, person_id: int | None) -> Booking:
    """The booking, when it is the person's (any booking for an organiser, ``None``)."""
    booking = session.get(Booking, booking_id)
    if booking is None or (person_id is not None and booking.person_id != person_id):
        raise NotFound("Booking not found")
    return booking


def bookings_of(session: Session, person_id: int) -> list[Booking]:
    """The person's bookings, soonest event first, with their events loaded."""
    return list(
        session.scalars(
            select(Booking)
            .join(Event, Event.id == Booking.event_id)
            .where(Booking.person_id == person_id)
            .order_by(Event.starts_at, Event.id)
            .options(contains_eager(Booking.event))  # one query, not one per booking
        )
    )
