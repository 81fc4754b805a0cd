"""Booking places, the waiting list, and conference workshops."""

import re
import secrets
from datetime import datetime

from sqlalchemy import Row, and_, bindparam, func, insert, or_, select
from sqlalchemy.orm import Session, contains_eager, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from booking.models import Booking, BookingStatus, Event, EventStatus, User
from booking.services import notifications
from booking.services.errors import (
    AlreadyBooked,
    EmailNotConfirmed,
    NotAllowed,
    NotBookable,
    NotFound,
    SlotTaken,
)
from booking.services.events import ensure_bookable, lock_event, places_left, places_taken

_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_ticket_token() -> str:
    """A random, unguessable ticket token that carries no personal data (32 url-safe chars)."""
    return secrets.token_urlsafe(24)


def book_place(session: Session, *, event_id: int, person_id: int, now: datetime) -> Booking:
    """Give the person a place, or a place on the waiting list when the event is full.

    Places go first come, first served: while anyone is waiting, newcomers join the queue behind
    them. A workshop needs a confirmed place on its conference and a free time slot.
    The person is told by email (confirmation with calendar invite, or waiting-list place).
    Raises NotFound ("not_found"), EmailNotConfirmed ("email_not_confirmed") until the person
    confirms their address, NotBookable ("not_bookable") for drafts, cancelled, not yet
    open or closed events, AlreadyBooked ("already_booked") when the person holds a live booking,
    SlotTaken ("slot_taken") when a workshop clashes with one already chosen.
    """
    event = lock_event(session, event_id)
    person, confirmed, waitlisted, existing_id = _person_and_places(session, event_id, person_id)
    if person.email_confirmed_at is None:
        raise EmailNotConfirmed(
            "Confirm your email address before booking: use the link we emailed you."
        )
    ensure_bookable(event, now)
    existing = session.get(Booking, existing_id) if existing_id else None
    if existing is not None and existing.is_live:
        raise AlreadyBooked("You have already booked this event.")
    if event.parent_id is not None:
        _ensure_can_choose_workshop(session, event, person_id)
    has_room = confirmed < event.capacity and waitlisted == 0
    status = BookingStatus.CONFIRMED if has_room else BookingStatus.WAITLISTED
    if existing is None:
        booking = _insert_booking(session, event, person_id, status, now)
    else:
        booking = _rebook(session, existing, status, now)
    notifications.booked(session, booking, person, now=now)
    return booking


_bookings = Booking.__table__
_users = User.__table__
# Built once with bound parameters: composing a statement costs more than SQLite takes to run
# it. They run on the session's connection rather than through the ORM, whose bookkeeping
# costs several times the statement on this, the busiest write.
_PERSON_AND_PLACES = select(
    _users.c.id,
    _users.c.email,
    _users.c.name,
    _users.c.email_confirmed_at,
    places_taken(bindparam("event_id"), BookingStatus.CONFIRMED),
    places_taken(bindparam("event_id"), BookingStatus.WAITLISTED),
    select(_bookings.c.id)
    .where(
        _bookings.c.event_id == bindparam("event_id"),
        _bookings.c.person_id == bindparam("person_id"),
    )
    .scalar_subquery()
    .label("booking_id"),
).where(_users.c.id == bindparam("person_id"))
_INSERT_BOOKING = insert(_bookings).returning(_bookings.c.id)


def _person_and_places(
    session: Session, event_id: int, person_id: int
) -> tuple[Row, int, int, int | None]:
    """The person (id, email, name, confirmed), the event's confirmed and waiting places, and
    the id of the person's booking row (live or cancelled), in one statement.

    Read after the event's lock: in READ COMMITTED a statement sees what was committed when it
    began, so counting in the locking statement could miss a booking committed while it waited.
    Raises NotFound ("not_found") for an unknown person.
    """
    row = (
        session.connection()
        .execute(_PERSON_AND_PLACES, {"event_id": event_id, "person_id": person_id})
        .one_or_none()
    )
    if row is None:
        raise NotFound("Person not found")
    return row, row.confirmed, row.waitlisted, row.booking_id


def _insert_booking(
    session: Session, event: Event, person_id: int, status: BookingStatus, now: datetime
) -> Booking:
    """A new booking row written with one INSERT; the returned Booking joins the session as
    already stored (nothing left for the session to flush), with its event."""
    values = {
        "event_id": event.id,
        "person_id": person_id,
        "status": status,
        "ticket_token": new_ticket_token(),
        "queued_at": now,
        "created_at": now,
        "updated_at": now,
        "cancelled_at": None,
    }
    booking_id = session.connection().execute(_INSERT_BOOKING, values).scalar_one()
    booking = Booking(id=booking_id, **values)
    make_transient_to_detached(booking)
    session.add(booking)
    set_committed_value(booking, "event", event)
    return booking


def _rebook(session: Session, booking: Booking, status: BookingStatus, now: datetime) -> Booking:
    """A cancelled booking taken up again: a new ticket, and a new place in the queue."""
    booking.status = status
    booking.ticket_token = new_ticket_token()
    booking.queued_at = now
    booking.updated_at = now
    booking.cancelled_at = None
    session.flush()
    return booking


def _ensure_can_choose_workshop(session: Session, workshop: Event, person_id: int) -> None:
    conference_booking = session.scalars(
        select(Booking).where(
            Booking.event_id == workshop.parent_id, Booking.person_id == person_id
        )
    ).one_or_none()
    if conference_booking is None or conference_booking.status != BookingStatus.CONFIRMED:
        raise NotBookable("Book a place on the conference before choosing its workshops.")
    clash = session.scalars(
        select(Event.title)
        .join(Booking, Booking.event_id == Event.id)
        .where(
            Event.parent_id == workshop.parent_id,
            Event.id != workshop.id,
            Booking.person_id == person_id,
            Booking.status != BookingStatus.CANCELLED,
            Event.starts_at < workshop.ends_at,
            Event.ends_at > workshop.starts_at,
        )
    ).first()
    if clash is not None:
        raise SlotTaken(
            f"You have already chosen “{clash}” at that time. Cancel it to choose this workshop."
        )


def cancel_booking(
    session: Session, *, booking_id: int, person_id: int | None, now: datetime
) -> list[Booking]:
    """Cancel a booking and give freed places to the head of the waiting list.

    ``person_id`` is the holder cancelling their own booking; ``None`` means an organiser.
    Cancelling a conference place cancels the person's workshops too. Returns the bookings promoted.
    Raises NotFound ("not_found") for an unknown booking or one that is not the person's,
    NotBookable ("not_bookable") when it is already cancelled or the event has started.
    """
    booking = session.get(Booking, booking_id)
    if booking is None or (person_id is not None and booking.person_id != person_id):
        raise NotFound("Booking not found")
    event = lock_event(session, booking.event_id)
    session.refresh(booking)
    if not booking.is_live:
        raise NotBookable("This booking is already cancelled.")
    if person_id is not None and event.starts_at <= now:
        raise NotBookable("This event has started, so the booking can no longer be cancelled.")
    promoted = _cancel_and_promote(session, booking, event, now)
    notifications.cancelled(session, booking, by_organiser=person_id is None, now=now)
    if event.is_conference:
        for workshop_booking in _live_workshop_bookings(session, event.id, booking.person_id):
            workshop = lock_event(session, workshop_booking.event_id)
            promoted += _cancel_and_promote(session, workshop_booking, workshop, now)
            notifications.cancelled(
                session, workshop_booking, by_organiser=person_id is None, now=now
            )
    return promoted


def _cancel_and_promote(
    session: Session, booking: Booking, event: Event, now: datetime
) -> list[Booking]:
    was_confirmed = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.updated_at = now
    session.flush()
    return promote_waitlist(session, event, now=now) if was_confirmed else []


def _live_workshop_bookings(session: Session, conference_id: int, person_id: int) -> list[Booking]:
    return list(
        session.scalars(
            select(Booking)
            .join(Event, Event.id == Booking.event_id)
            .where(
                Event.parent_id == conference_id,
                Booking.person_id == person_id,
                Booking.status != BookingStatus.CANCELLED,
            )
            .order_by(Booking.id)
        )
    )


def promote_waitlist(session: Session, event: Event, *, now: datetime) -> list[Booking]:
    """Confirm people from the head of the waiting list while the event has places left.

    The caller must hold the event's lock (``lock_event``). Each person promoted is told by
    email. Returns the bookings promoted, in order: none for an event that is cancelled, still
    a draft, or has started.
    """
    if event.status != EventStatus.PUBLISHED or event.starts_at <= now:
        return []
    free = places_left(session, event)
    if free <= 0:
        return []
    promoted = list(
        session.scalars(
            select(Booking)
            .where(Booking.event_id == event.id, Booking.status == BookingStatus.WAITLISTED)
            .order_by(Booking.queued_at, Booking.id)
            .limit(free)
        )
    )
    for booking in promoted:
        booking.status = BookingStatus.CONFIRMED
        booking.updated_at = now
    session.flush()
    notifications.promoted(session, promoted, now=now)
    return promoted


def waitlist_position(session: Session, booking: Booking) -> int | None:
    """1 for the head of the waiting list; None when the booking is not waiting."""
    if booking.status != BookingStatus.WAITLISTED:
        return None
    ahead = session.scalar(
        select(func.count()).where(
            Booking.event_id == booking.event_id,
            Booking.status == BookingStatus.WAITLISTED,
            or_(
                Booking.queued_at < booking.queued_at,
                and_(Booking.queued_at == booking.queued_at, Booking.id < booking.id),
            ),
        )
    )
    return ahead + 1


def get_own_booking(session: Session, *, booking_id: int, person_id: int) -> Booking:
    """The person's booking. Raises NotFound ("not_found") for others' bookings, saying nothing."""
    booking = session.get(Booking, booking_id)
    if booking is None or booking.person_id != person_id:
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


def find_by_token(session: Session, token: str) -> Booking:
    """The booking a ticket token belongs to. Raises NotFound ("not_found"), with no hint."""
    if not _TOKEN_SHAPE.fullmatch(token):
        raise NotFound("Ticket not found")
    booking = session.scalars(select(Booking).where(Booking.ticket_token == token)).one_or_none()
    if booking is None:
        raise NotFound("Ticket not found")
    return booking


def ensure_ticket_holder(booking: Booking, person_id: int | None) -> None:
    """Raise NotAllowed ("not_allowed") unless the person holds the ticket."""
    if person_id is None or booking.person_id != person_id:
        raise NotAllowed("This ticket belongs to someone else.")
