"""Checking people in at the door: by their ticket's code, or by name; and undoing it.

Every change is written with its audit entry, in the caller's transaction; the caller commits.
A booking has at most one live check-in (a unique index holds it); on PostgreSQL the bookings'
rows are locked while deciding, on SQLite the writer's ``BEGIN IMMEDIATE`` serialises writers.
One person or a phone's whole batch is decided the same way (``admit``), in a fixed number of
statements whatever the batch's size; only the refusals that name more (a place on the waiting
list, the workshop a delegate chose instead) read their own.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session, joinedload

from booking.accounts.models import User
from booking.audit.services import record_all
from booking.bookings.choices import choice_line, live_workshop_bookings, overlap
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.places import waitlist_position
from booking.bookings.tickets import TICKET_CODE_LENGTH, ticket_code_column
from booking.checkin import results
from booking.checkin.models import CheckIn, Register, Via, live_check_in_of
from booking.checkin.results import DoorResult, Outcome
from booking.core.errors import NotFound
from booking.core.formatting import iso_utc
from booking.events.models import Event, EventStatus

# What a scan can hold: the ticket link (BASE_URL/t/<token>) or the token alone.
_TOKEN_IN_CODE = re.compile(r"(?:^|/t/)([A-Za-z0-9_-]{16,64})/?$")


def token_in(code: str) -> str | None:
    """The ticket token a scanned or typed code holds, or None: a whole ticket link or the
    token alone, spaces around it ignored (a typed code may have them anywhere)."""
    match = _TOKEN_IN_CODE.search("".join((code or "").split()))
    return match.group(1) if match else None


_TICKET_CODE = re.compile(rf"[A-Za-z0-9_-]{{{TICKET_CODE_LENGTH}}}")


def ticket_code_in(code: str) -> str | None:
    """The short ticket code (``tickets.ticket_code``) a typed code is, or None: any case,
    spaces ignored."""
    typed = "".join((code or "").split())
    return typed.upper() if _TICKET_CODE.fullmatch(typed) else None


@dataclass(frozen=True)
class Arrival:
    """Someone at the door: the ticket code they showed, or their booking found by name."""

    at: datetime
    code: str | None = None
    booking_id: int | None = None
    via: Via = Via.SCAN


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
    """Check in the holder of the ticket scanned at this event's door (``admit``)."""
    arrival = Arrival(at=at or now, code=code)
    return admit(session, event=event, arrivals=[arrival], by_id=by_id, now=now, offline=offline)[0]


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
) -> DoorResult:
    """Check in a booking of this event (``admit``). Raises NotFound ("not_found") for a
    booking not of this event."""
    booking_id = booking if isinstance(booking, int) else booking.id
    arrival = Arrival(at=at or now, booking_id=booking_id, via=via)
    [result] = admit(
        session, event=event, arrivals=[arrival], by_id=by_id, now=now, offline=offline
    )
    if result.outcome == Outcome.NOT_BOOKED:
        raise NotFound("Booking not found")
    return result


def admit(
    session: Session,
    *,
    event: Event,
    arrivals: Sequence[Arrival],
    by_id: int,
    now: datetime,
    offline: bool = False,
) -> list[DoorResult]:
    """Check in each arrival at this event's door, earliest first; answers in the given order.

    A ticket's code is the ticket link or the bare token; a conference ticket stands for the
    delegate's booking at each of its workshops they chose. Idempotent: a booking checked in
    already answers ALREADY_CHECKED_IN with when and by whom and changes nothing, unless this
    arrival was made earlier on a phone that was offline: then the earliest is kept and the
    answer is CHECKED_IN (online, the first decided is the check-in). A time is never later
    than ``now``.

    Answers, changing nothing: NOT_A_TICKET for a code that is no ticket (no hint of which
    tokens exist); OTHER_EVENT with the ticket's event; OTHER_WORKSHOP at a workshop's door,
    naming the delegate's workshop in this slot; NOT_BOOKED for a booking of another event;
    CANCELLED, WAITING_LIST, EVENT_CANCELLED, REGISTER_CLOSED. Raises nothing.
    """
    bookings, answers = _bookings_at_door(session, event, arrivals)
    door = _Door.open(session, event, bookings.values(), now)
    with session.no_autoflush:  # decided on what the door holds; written at once at the end
        for index in sorted(bookings, key=lambda i: arrivals[i].at):
            arrival = arrivals[index]
            answers[index] = door.admit(bookings[index], arrival, by_id=by_id, offline=offline)
    door.write()
    return [answers[index] for index in range(len(arrivals))]


def undo(
    session: Session,
    *,
    event: Event,
    booking: Booking | int,
    by_id: int,
    now: datetime,
    action: str = "checkin.undo",
) -> DoorResult:
    """Undo the booking's check-in: the row stays, marked undone, and the audit log says who
    (``action``: "checkin.undo" at the door, "checkin.mark_absent" on the register).
    Answers NOT_CHECKED_IN when there is none, REGISTER_CLOSED once the register is closed.
    Raises NotFound ("not_found") for a booking not of this event."""
    booking_id = booking if isinstance(booking, int) else booking.id
    door = _Door.open(session, event, [booking_id], now)
    if booking_id not in door.locked:
        raise NotFound("Booking not found")
    booking = door.locked[booking_id]
    if door.closed:
        return results.REGISTER_CLOSED
    live = door.live.get(booking_id)
    if live is None:
        return results.not_checked_in(booking)
    live.undone_at, live.undone_by_id = now, by_id
    record_all(session, [_audit_entry(action, booking, by_id, now)])
    session.flush()
    return results.undone(booking)


def live_check_in(session: Session, booking_id: int) -> CheckIn | None:
    """The booking's check-in that is not undone, if any."""
    return session.scalars(select(CheckIn).where(live_check_in_of(booking_id))).one_or_none()


def register_closed(session: Session, event_id: int) -> bool:
    """Whether the event's register is closed: attendance no longer changes."""
    return session.get(Register, event_id) is not None


def _bookings_at_door(
    session: Session, event: Event, arrivals: Sequence[Arrival]
) -> tuple[dict[int, int], dict[int, DoorResult]]:
    """For each arrival (by its index), the id of the booking it stands for at this door, or
    the answer why there is none."""
    bookings = {i: a.booking_id for i, a in enumerate(arrivals) if a.code is None}
    answers: dict[int, DoorResult] = {}
    tokens = {
        i: token_in(a.code) or ticket_code_in(a.code)
        for i, a in enumerate(arrivals)
        if a.code is not None
    }
    shown = _tickets(session, event, [token for token in tokens.values() if token])
    elsewhere = {}  # index: a ticket of this door's conference or of one of its workshops
    for index, token in tokens.items():
        ticket = shown.get(token)
        if ticket is None:
            answers[index] = results.NOT_A_TICKET
        elif ticket.event_id == event.id:
            bookings[index] = ticket.id
        elif (ticket.event.parent_id or ticket.event_id) in (event.id, event.parent_id):
            elsewhere[index] = ticket.person_id
        else:
            answers[index] = results.other_event(ticket.event.title)
    held = _held_here(session, event, elsewhere.values())
    for index, person_id in elsewhere.items():
        booking = held.get(person_id)
        if event.is_workshop and (booking is None or booking.status == BookingStatus.CANCELLED):
            answers[index] = results.other_workshop(_booked_in_slot(session, event, person_id))
        elif booking is None:
            answers[index] = results.not_booked()
        else:
            bookings[index] = booking.id
    return bookings, answers


def _tickets(session: Session, event: Event, keys: list[str]) -> dict[str, Booking]:
    """The tickets shown, by what was typed or scanned: a token, or the short code of a ticket
    of this door's event or of its conference (a code of another event's ticket is no ticket
    here; two of this door's tickets sharing a code are neither)."""
    codes = [key for key in keys if len(key) == TICKET_CODE_LENGTH]
    tokens = [key for key in keys if len(key) != TICKET_CODE_LENGTH]
    found = {}
    if tokens:
        statement = select(Booking).where(Booking.ticket_token.in_(tokens))
        for ticket in session.scalars(statement.options(joinedload(Booking.event))):
            found[ticket.ticket_token] = ticket
    if codes:
        events = [event.id] if event.parent_id is None else [event.id, event.parent_id]
        statement = select(Booking, ticket_code_column()).where(
            Booking.event_id.in_(events), ticket_code_column().in_(codes)
        )
        matches = session.execute(statement.options(joinedload(Booking.event))).all()
        shared = Counter(code for _, code in matches)
        found |= {code: ticket for ticket, code in matches if shared[code] == 1}
    return found


def _held_here(session: Session, event: Event, person_ids: Iterable[int]) -> dict[int, Booking]:
    """The people's bookings of this event, by person."""
    person_ids = list(set(person_ids))
    if not person_ids:
        return {}
    held = session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.person_id.in_(person_ids))
    )
    return {booking.person_id: booking for booking in held}


def _booked_in_slot(session: Session, workshop: Event, person_id: int) -> list[str]:
    """The delegate's live workshops that overlap this one, as "10:30am to midday: Title"."""
    held = live_workshop_bookings(session, workshop.parent_id, person_id)
    return [
        choice_line(booking)
        for booking in held
        if booking.status == BookingStatus.CONFIRMED and overlap(booking.event, workshop)
    ]


# A share lock on the event's row while deciding: closing the register
# (``register.close_register``, which locks the row for update) waits for the check-ins being
# decided, and they for it; the register is read after it, in a statement that sees what the
# closing committed. Taken before the bookings' locks, in the order every writer locks.
_HOLD_EVENT = select(Event.id).where(Event.id == bindparam("event_id")).with_for_update(read=True)
_LOCK_BOOKINGS = (
    select(Booking)
    .where(
        Booking.id.in_(bindparam("ids", expanding=True)),
        Booking.event_id == bindparam("event_id"),  # only this door's: never another event's
    )
    .options(joinedload(Booking.person, innerjoin=True).joinedload(User.organisation))
    .order_by(Booking.id)  # every door locks in this order: two never wait on each other
    .with_for_update(of=Booking)
    .execution_options(populate_existing=True)
)
_LIVE_CHECK_INS = (
    select(CheckIn)
    .where(CheckIn.booking_id.in_(bindparam("ids", expanding=True)), CheckIn.is_live)
    .options(joinedload(CheckIn.by))
    .execution_options(populate_existing=True)
)


@dataclass
class _Door:
    """What the door knows while deciding: the event's bookings locked, their live check-ins
    (kept current as arrivals are admitted), and whether the register is closed."""

    session: Session
    event: Event
    now: datetime
    locked: dict[int, Booking]
    live: dict[int, CheckIn]
    closed: bool
    checker: User | None = None  # who checks people in, read once
    new_check_ins: list[CheckIn] = field(default_factory=list)  # written together by ``write``
    audit_entries: list[dict] = field(default_factory=list)

    @classmethod
    def open(cls, session, event: Event, booking_ids: Iterable[int], now: datetime) -> "_Door":
        ids = sorted({booking_id for booking_id in booking_ids if booking_id is not None})
        session.execute(_HOLD_EVENT, {"event_id": event.id})
        closed = register_closed(session, event.id)
        found = session.scalars(_LOCK_BOOKINGS, {"ids": ids, "event_id": event.id}) if ids else []
        locked = {booking.id: booking for booking in (found.unique() if ids else [])}
        live = session.scalars(_LIVE_CHECK_INS, {"ids": list(locked)}) if locked else []
        live = {check_in.booking_id: check_in for check_in in live}
        return cls(session, event, now, locked, live, closed)

    def admit(self, booking_id: int, arrival: Arrival, *, by_id: int, offline: bool):
        """Check in one booking (``admit``'s rules)."""
        booking = self.locked.get(booking_id)
        if booking is None:
            return results.not_booked()
        refusal = self._refusal(booking)
        if refusal is not None:
            return refusal
        at = min(arrival.at, self.now)
        live = self.live.get(booking.id)
        if live is not None and (not offline or live.checked_in_at <= at):
            by_name = live.by.name if live.by is not None else None
            return results.already_checked_in(booking, live.checked_in_at, by_name)
        # A phone that was offline saw the person first: its time replaces the one recorded.
        replaced = {"replaced": iso_utc(live.checked_in_at)} if live is not None else {}
        if live is None:
            live = self.live[booking.id] = CheckIn(booking_id=booking.id, recorded_at=self.now)
            self.new_check_ins.append(live)
        if self.checker is None or self.checker.id != by_id:
            self.checker = self.session.get(User, by_id)
        live.checked_in_at, live.via, live.offline = at, arrival.via, offline
        live.by_id, live.by = by_id, self.checker
        action = _CHECK_IN_ACTIONS.get(arrival.via, "checkin.check_in")
        self.audit_entries.append(
            _audit_entry(
                action, booking, by_id, self.now, via=arrival.via.value, offline=offline, **replaced
            )
        )
        return results.checked_in(booking)

    def write(self) -> None:
        """Write the new check-ins and the audit entries in a statement each (changed
        check-ins are the session's to flush)."""
        if self.new_check_ins:
            rows = [
                {column: getattr(check_in, column) for column in _CHECK_IN_COLUMNS}
                for check_in in self.new_check_ins
            ]
            self.session.execute(insert(CheckIn), rows)
        record_all(self.session, self.audit_entries)
        self.session.flush()

    def _refusal(self, booking: Booking) -> DoorResult | None:
        event = self.event
        if event.status == EventStatus.CANCELLED or event.parent_status == EventStatus.CANCELLED:
            return results.EVENT_CANCELLED
        if booking.status == BookingStatus.CANCELLED:
            return results.cancelled(booking)
        if booking.status == BookingStatus.WAITLISTED:
            return results.waiting(booking, waitlist_position(self.session, booking))
        if self.closed:
            return results.REGISTER_CLOSED
        return None


# A check-in made on the register after the event is audited as marking the person attended.
_CHECK_IN_ACTIONS = {Via.REGISTER: "checkin.mark_attended"}

_CHECK_IN_COLUMNS = ("booking_id", "checked_in_at", "recorded_at", "by_id", "via", "offline")


def _audit_entry(action: str, booking: Booking, by_id: int, now: datetime, **details) -> dict:
    return {
        "actor_id": by_id,
        "action": action,
        "subject_type": "booking",
        "subject_id": booking.id,
        "now": now,
        "details": {"event_id": booking.event_id, **details},
    }
