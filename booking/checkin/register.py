"""After the event: the register. From the event's end, people with a place who were not
checked in are no-shows; a trainer can still mark anyone as attended or not (from a paper
list, say) until the register is closed. Only organisers reopen a closed register."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.models import Role, User
from booking.audit.services import record
from booking.bookings.models import Booking
from booking.checkin.door_list import DoorPerson, door_list
from booking.checkin.models import Register, Via
from booking.checkin.results import DoorResult
from booking.checkin.services import check_in, undo
from booking.core.errors import EventNotEnded, NotAllowed, RegisterClosed
from booking.events.models import Event
from booking.events.rules import lock_event


class Attendance(StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    NOT_YET = "not_yet"  # not checked in, and the event has not ended

    @property
    def label(self) -> str:
        return {"attended": "Attended", "no_show": "No-show", "not_yet": "Not yet"}[self]


def attendance(person: DoorPerson, event: Event, now: datetime) -> Attendance:
    """Attended when checked in; a no-show when not, once the event has ended."""
    if person.checked_in_at is not None:
        return Attendance.ATTENDED
    return Attendance.NO_SHOW if ended(event, now) else Attendance.NOT_YET


def ended(event: Event, now: datetime) -> bool:
    """Whether the event has ended: from then on the unchecked are no-shows."""
    return event.ends_at <= now


@dataclass(frozen=True)
class ClosedRegister:
    closed_at: datetime
    closed_by: str | None


@dataclass(frozen=True)
class RegisterLine:
    person: DoorPerson
    person_id: int
    attendance: Attendance


def register_lines(session: Session, event: Event, now: datetime) -> list[RegisterLine]:
    """Everyone with a place, by surname (the door list), with their attendance."""
    people = door_list(session, event)
    ids = dict(
        session.execute(
            select(Booking.id, Booking.person_id).where(Booking.event_id == event.id)
        ).all()
    )
    return [RegisterLine(p, ids[p.booking_id], attendance(p, event, now)) for p in people]


def closed_register(session: Session, event_id: int) -> ClosedRegister | None:
    """When and by whom the event's register was closed; None while it is open."""
    row = session.execute(
        select(Register.closed_at, User.name)
        .outerjoin(User, User.id == Register.closed_by_id)
        .where(Register.event_id == event_id)
    ).one_or_none()
    return ClosedRegister(row[0], row[1]) if row else None


def mark(
    session: Session, *, event: Event, booking_id: int, attended: bool, by_id: int, now: datetime
) -> DoorResult:
    """Mark a person with a place as attended (a check-in via the register, audited
    "checkin.mark_attended") or not (their check-in undone, audited "checkin.mark_absent").
    Answers as ``services.check_in`` / ``services.undo`` do: REGISTER_CLOSED once the register
    is closed, changing nothing. Raises NotFound ("not_found") for a booking not of this
    event."""
    if attended:
        return check_in(
            session,
            event=event,
            booking=booking_id,
            by_id=by_id,
            now=now,
            via=Via.REGISTER,
        )
    return undo(
        session, event=event, booking=booking_id, by_id=by_id, now=now, action="checkin.mark_absent"
    )


def close_register(session: Session, *, event_id: int, by_id: int, now: datetime) -> None:
    """Close the event's register: attendance no longer changes. Audited
    "checkin.close_register". Raises EventNotEnded ("event_not_ended") before the event ends,
    RegisterClosed ("register_closed") when it is closed already."""
    event = lock_event(session, event_id)
    if not ended(event, now):
        raise EventNotEnded("The register can be closed once the event has ended.")
    if session.get(Register, event.id) is not None:
        raise RegisterClosed("The register is already closed.")
    session.add(Register(event_id=event.id, closed_at=now, closed_by_id=by_id))
    _audit(session, "checkin.close_register", event.id, by_id, now)
    session.flush()


def reopen_register(
    session: Session, *, event_id: int, by_id: int, role: Role, now: datetime
) -> None:
    """Reopen a closed register, so attendance can change again: organisers only. Audited
    "checkin.reopen_register"; an open register is left as it is. Raises NotAllowed
    ("not_allowed") for anyone but an organiser."""
    if role != Role.ORGANISER:
        raise NotAllowed("Only organisers can reopen a register")
    event = lock_event(session, event_id)
    closed = session.get(Register, event.id)
    if closed is None:
        return
    session.delete(closed)
    _audit(session, "checkin.reopen_register", event.id, by_id, now)
    session.flush()


def _audit(session: Session, action: str, event_id: int, by_id: int, now: datetime) -> None:
    record(
        session,
        actor_id=by_id,
        action=action,
        subject_type="event",
        subject_id=event_id,
        now=now,
        event_id=event_id,
    )
