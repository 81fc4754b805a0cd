"""Checking people in at the door: by their ticket's code, or by name; and undoing it.

Every change is written with its audit entry, in the caller's transaction; the caller commits.
A booking has at most one live check-in (a unique index holds it); on PostgreSQL the booking's
row is locked while deciding, on SQLite the writer's ``BEGIN IMMEDIATE`` serialises writers.
"""

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from booking.accounts.models import User
from booking.audit.services import record
from booking.bookings.choices import choice_line, live_workshop_bookings, overlap
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.places import waitlist_position
from booking.checkin import results
from booking.checkin.models import CheckIn, Register, Via
from booking.checkin.results import DoorResult
from booking.core.errors import NotFound
from booking.events.models import Event, EventStatus

# What a scan can hold: the ticket link (BASE_URL/t/<token>) or the token alone.
_TOKEN_IN_CODE = re.compile(r"(?:^|/t/)([A-Za-z0-9_-]{16,64})/?$")


def token_in(code: str) -> str | None:
    """The ticket token a scanned or typed code holds, or None: a whole ticket link or the
    token alone, spaces around it ignored (a typed code may have them anywhere)."""
    match = _TOKEN_IN_CODE.search("".join((code or "").split()))
    return match.group(1) if match else None


def scan(
    session: Session,
    *,
    event: Event,
    code: str,
    by_id: int,
    now: datetime,
    at: datetime | None = None,
    offline: bool = False,
) -> DoorResult:
    """Check in the holder of the ticket scanned at this event's door (``check_in``).

    Answers, changing nothing: NOT_A_TICKET for a code that is no ticket (no hint of which
    tokens exist); OTHER_EVENT with the ticket's event; for a ticket of this event, CANCELLED
    or WAITING_LIST; at a workshop's door, OTHER_WORKSHOP naming the delegate's workshop in
    this slot. A conference ticket is the delegate's ticket at each workshop they chose.
    Raises nothing."""
    token = token_in(code)
    shown = _ticket(session, token) if token else None
    if shown is None:
        return results.NOT_A_TICKET
    booking, refusal = _booking_at_door(session, event, shown)
    if refusal is not None:
        return refusal
    return check_in(
        session,
        event=event,
        booking=booking,
        by_id=by_id,
        now=now,
        via=Via.SCAN,
        at=at,
        offline=offline,
    )


def _ticket(session: Session, token: str) -> Booking | None:
    return session.scalars(
        select(Booking).where(Booking.ticket_token == token).options(joinedload(Booking.event))
    ).one_or_none()


def _booking_at_door(
    session: Session, event: Event, shown: Booking
) -> tuple[Booking | None, DoorResult | None]:
    """The booking a ticket stands for at this door, or the answer why there is none."""
    if shown.event_id == event.id:
        return shown, None
    person_id = shown.person_id
    conference_id = shown.event.parent_id or shown.event_id
    if conference_id not in (event.id, event.parent_id):
        return None, results.other_event(shown.event.title)
    held = _booking_of(session, event.id, person_id)
    if event.is_workshop and (held is None or held.status == BookingStatus.CANCELLED):
        return None, results.other_workshop(_booked_in_slot(session, event, person_id))
    if held is None:
        return None, results.not_booked()
    return held, None


def _booking_of(session: Session, event_id: int, person_id: int) -> Booking | None:
    return session.scalars(
        select(Booking).where(Booking.event_id == event_id, Booking.person_id == person_id)
    ).one_or_none()


def _booked_in_slot(session: Session, workshop: Event, person_id: int) -> list[str]:
    """The delegate's live workshops that overlap this one, as "10:30am to midday: Title"."""
    held = live_workshop_bookings(session, workshop.parent_id, person_id)
    return [
        choice_line(booking)
        for booking in held
        if booking.status == BookingStatus.CONFIRMED and overlap(booking.event, workshop)
    ]


def check_in(
    session: Session,
    *,
    event: Event,
    booking: Booking | int,
    by_id: int,
    now: datetime,
    via: Via,
    at: datetime | None = None,
    offline: bool = False,
    action: str = "checkin.check_in",
) -> DoorResult:
    """Check in a booking of this event, at ``at`` (a phone's scan time; never later than
    ``now``) or now.

    Idempotent: a booking already checked in answers ALREADY_CHECKED_IN with when and by whom,
    and changes nothing, unless this check-in is earlier (a phone that was offline): then the
    earliest is kept and the answer is CHECKED_IN. Answers CANCELLED, WAITING_LIST,
    EVENT_CANCELLED or REGISTER_CLOSED and changes nothing. Raises NotFound ("not_found") for
    a booking not of this event. ``action`` names it in the audit log (the register records
    "checkin.mark_attended")."""
    booking = _locked_booking(session, event, booking)
    refusal = _refusal(session, event, booking)
    if refusal is not None:
        return refusal
    at = min(at or now, now)
    live = live_check_in(session, booking.id)
    if live is not None and live.checked_in_at <= at:
        return results.already_checked_in(booking, live.checked_in_at, _name(session, live.by_id))
    if live is not None:  # this phone saw the person first
        live.checked_in_at, live.by_id, live.via, live.offline = at, by_id, via, offline
    else:
        session.add(
            CheckIn(
                booking_id=booking.id,
                checked_in_at=at,
                recorded_at=now,
                by_id=by_id,
                via=via,
                offline=offline,
            )
        )
    _audit(session, action, booking, by_id, now, via=via.value, offline=offline)
    session.flush()
    return results.checked_in(booking)


def undo(
    session: Session,
    *,
    event: Event,
    booking: Booking | int,
    by_id: int,
    now: datetime,
    action: str = "checkin.undo",
) -> DoorResult:
    """Undo the booking's check-in: the row stays, marked undone, and the audit log says who.
    Answers NOT_CHECKED_IN when there is none, REGISTER_CLOSED once the register is closed.
    Raises NotFound ("not_found") for a booking not of this event."""
    booking = _locked_booking(session, event, booking)
    if register_closed(session, event.id):
        return results.REGISTER_CLOSED
    live = live_check_in(session, booking.id)
    if live is None:
        return results.not_checked_in(booking)
    live.undone_at, live.undone_by_id = now, by_id
    _audit(session, action, booking, by_id, now)
    session.flush()
    return results.undone(booking)


def _locked_booking(session: Session, event: Event, booking: Booking | int) -> Booking:
    booking_id = booking if isinstance(booking, int) else booking.id
    locked = session.get(Booking, booking_id, with_for_update=True, populate_existing=True)
    if locked is None or locked.event_id != event.id:
        raise NotFound("Booking not found")
    return locked


def _refusal(session: Session, event: Event, booking: Booking) -> DoorResult | None:
    if event.status == EventStatus.CANCELLED or event.parent_status == EventStatus.CANCELLED:
        return results.EVENT_CANCELLED
    if booking.status == BookingStatus.CANCELLED:
        return results.cancelled(booking)
    if booking.status == BookingStatus.WAITLISTED:
        return results.waiting(booking, waitlist_position(session, booking))
    if register_closed(session, event.id):
        return results.REGISTER_CLOSED
    return None


def live_check_in(session: Session, booking_id: int) -> CheckIn | None:
    """The booking's check-in that is not undone, if any."""
    return session.scalars(
        select(CheckIn).where(CheckIn.booking_id == booking_id, CheckIn.undone_at.is_(None))
    ).one_or_none()


def register_closed(session: Session, event_id: int) -> bool:
    """Whether the event's register is closed: attendance no longer changes."""
    return session.get(Register, event_id) is not None


def _name(session: Session, person_id: int | None) -> str | None:
    return session.scalar(select(User.name).where(User.id == person_id)) if person_id else None


def _audit(session, action: str, booking: Booking, by_id: int, now: datetime, **details) -> None:
    record(
        session,
        actor_id=by_id,
        action=action,
        subject_type="booking",
        subject_id=booking.id,
        now=now,
        event_id=booking.event_id,
        **details,
    )
