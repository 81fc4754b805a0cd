"""Organisers acting on people's bookings: booking someone (an account, or a new person by
name and address), cancelling with a reason, moving to another date of the same course,
offering a freed place out of queue order, and emailing everyone booked. A setting's training
lead may book a colleague of their own organisation.

Every action tells the person by email (through the outbox, in the same transaction) and is
in the audit log with who did it and, where one is asked for, why. Places are decided holding
the event's lock, by the same rules as a person's own booking (``services.take_place``,
``places.organisation_has_room``).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.leads import is_lead_of
from booking.accounts.models import Role, Sector, User
from booking.accounts.services import placeholder_for
from booking.audit.services import record
from booking.bookings import notifications
from booking.bookings.choices import clashing
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.on_behalf_emails import OnBehalfEmail
from booking.bookings.places import (
    confirmed_places,
    organisation_has_room,
    organisation_places,
    waitlist_reason,
)
from booking.bookings.services import cancel_and_promote, cancel_booking, find_booking, take_place
from booking.core.errors import NotAllowed, NotBookable, NotFound, Refused
from booking.core.formatting import date_range, header_text
from booking.events.models import Event, EventStatus
from booking.events.rules import is_draft, lock_event, places_left

REASON_LENGTH = 500
SUBJECT_LENGTH = 150
MESSAGE_LENGTH = 5000


class ReasonMissing(Refused):
    """An action that must say why (cancelling, offering out of turn) was given no reason."""

    code = "reason_missing"


@dataclass(frozen=True)
class BookedFor:
    """What booking someone came to, as the organiser is told it."""

    booking_id: int
    status: BookingStatus
    waiting_because: str | None  # the cap per organisation, when it holds them back

    @property
    def message(self) -> str:
        """What came of it, without the person's name (it is flashed: the session cookie is
        signed, not encrypted)."""
        if self.status == BookingStatus.CONFIRMED:
            return "Place booked. We have emailed them."
        why = ": the event is full"
        if self.waiting_because:
            why = f" ({_theirs(self.waiting_because)})"
        return f"Added to the waiting list{why}. We have emailed them."


def _theirs(reason: str) -> str:
    """A reason told to the person ("Your school ...") as told to whoever acted for them."""
    return reason.replace("Your", "their", 1)


def _audit(session, action: str, booking: Booking, by_id: int | None, now, **details) -> None:
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


def _actor(session: Session, by_id: int) -> User:
    actor = session.get(User, by_id)
    if actor is None:
        raise NotAllowed("Only organisers and training leads can book for someone else.")
    return actor


def book_on_behalf(
    session: Session, *, event_id: int, person_id: int, by_id: int, now: datetime
) -> BookedFor:
    """Book a place for someone else, or a place on the waiting list when the event is full or
    their organisation holds its cap (said plainly in ``BookedFor.message``).

    ``by_id`` is an organiser, or the approved training lead of the person's organisation
    (``accounts.leads.is_lead_of``). The person is emailed who booked for them and that they can
    cancel it from My bookings; audited "booking.booked_on_behalf". Raises NotAllowed
    ("not_allowed") for anyone else, NotFound ("not_found") for an unknown person or event or a
    draft, NotBookable ("not_bookable") for a workshop and an event not taking bookings,
    OwnCourse ("own_course"), AlreadyBooked ("already_booked").
    """
    actor = _actor(session, by_id)
    person = session.get(User, person_id)
    if person is None or person.closed_at is not None:
        raise NotFound("Person not found")
    if actor.role != Role.ORGANISER and not (
        person.organisation_id is not None
        and is_lead_of(session, person_id=by_id, organisation_id=person.organisation_id)
    ):
        raise NotAllowed("You can book only colleagues of the organisation you lead.")
    return _book_for(session, event_id, person, actor, now)


def _book_for(session: Session, event_id: int, person: User, actor: User, now) -> BookedFor:
    event = lock_event(session, event_id)
    if is_draft(event):
        raise NotFound("Event not found")
    if event.is_workshop:
        raise NotBookable("Book the conference: the person then chooses its workshops.")
    booking = take_place(session, event, person.id, now, by_someone_else=True)
    by = actor.name if actor.role == Role.ORGANISER else f"{actor.name}, your training lead,"
    notifications.tell(session, OnBehalfEmail.BOOKED_FOR_YOU, booking, now, by=by)
    _audit(session, "booking.booked_on_behalf", booking, actor.id, now, status=booking.status)
    return BookedFor(booking.id, booking.status, waitlist_reason(session, booking))


def book_new_person(
    session: Session,
    *,
    event_id: int,
    name: str,
    email: str,
    organisation: str,
    sector: Sector,
    by_id: int,
    now: datetime,
) -> BookedFor:
    """Book someone by name, address and organisation: the account of that address, or a new
    placeholder account (``accounts.services.placeholder_for``, as at the door) that its holder
    claims by choosing a password, as their email explains. Organisers only. Raises as
    ``book_on_behalf`` does."""
    actor = _actor(session, by_id)
    if actor.role != Role.ORGANISER:
        raise NotAllowed("Only organisers can add a new person.")
    person = placeholder_for(
        session, name=name, email=email, organisation=organisation, sector=sector, now=now
    )
    session.flush()
    return _book_for(session, event_id, person, actor, now)


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())[:REASON_LENGTH]
    if not reason:
        raise ReasonMissing("Enter a reason", field="reason")
    return reason


def cancel_on_behalf(
    session: Session, *, booking_id: int, reason: str, by_id: int, now: datetime
) -> list[Booking]:
    """Cancel someone's booking (or take them off the waiting list) for a reason, told to them
    in the organisers' cancellation email and kept on the booking; a freed place goes to the
    waiting list. Audited "booking.cancelled_on_behalf" with the reason. Returns the bookings
    promoted. Raises ReasonMissing ("reason_missing"), NotFound ("not_found"), NotBookable
    ("not_bookable") when it is already cancelled."""
    reason = _reason(reason)
    promoted = cancel_booking(
        session, booking_id=booking_id, person_id=None, now=now, reason=reason
    )
    booking = session.get(Booking, booking_id)
    _audit(session, "booking.cancelled_on_behalf", booking, by_id, now, reason=reason)
    return promoted


def other_dates(session: Session, booking: Booking, *, now: datetime) -> list[Event]:
    """The dates a booking can move to: other published events of the same course (the same
    title and kind, not a workshop) that have not started, soonest first."""
    event = booking.event
    return list(
        session.scalars(
            select(Event)
            .where(
                Event.title == event.title,
                Event.kind == event.kind,
                Event.id != event.id,
                Event.parent_id.is_(None),
                Event.status == EventStatus.PUBLISHED,
                Event.starts_at > now,
            )
            .order_by(Event.starts_at, Event.id)
        )
    )


def move_booking(
    session: Session, *, booking_id: int, to_event_id: int, by_id: int, now: datetime
) -> Booking:
    """Move a live booking to another date of the same course (``other_dates``), keeping its
    history: the old booking is cancelled with the reason "Moved to <date>" (its place goes to
    the waiting list) and a new one is made on the other date, a place or a place on its
    waiting list by the usual rules, with the needs and notes the person gave. The person is
    emailed once; audited "booking.moved". Returns the new booking. Raises NotFound
    ("not_found"), NotBookable ("not_bookable") for a cancelled booking, a conference place
    (its workshops cannot follow) or a date that is not another of the same course,
    AlreadyBooked ("already_booked") when the person holds a place on that date.
    """
    booking = find_booking(session, booking_id, None)
    first, second = sorted((booking.event_id, to_event_id))  # one order: no deadlock
    lock_event(session, first)
    lock_event(session, second)
    session.refresh(booking)
    if not booking.is_live:
        raise NotBookable("This booking is cancelled, so it cannot be moved.")
    if booking.event.is_conference:
        raise NotBookable("A conference place cannot be moved: its workshops differ by date.")
    target = next((e for e in other_dates(session, booking, now=now) if e.id == to_event_id), None)
    if target is None:
        raise NotBookable("Choose another date of the same course.", field="to_event_id")
    needs = (booking.access_needs, booking.dietary_needs, booking.notes_for_trainer)
    was = date_range(booking.event.starts_at, booking.event.ends_at)
    moved = take_place(session, target, booking.person_id, now, by_someone_else=True)
    moved.access_needs, moved.dietary_needs, moved.notes_for_trainer = needs
    cancel_and_promote(session, booking, booking.event, now)
    booking.cancel_reason = f"Moved to {date_range(target.starts_at, target.ends_at)}"
    notifications.tell(session, OnBehalfEmail.MOVED, moved, now, was=was)
    _audit(session, "booking.moved", booking, by_id, now, to_booking=moved.id, to_event=target.id)
    return moved


def offer_place(
    session: Session, *, booking_id: int, reason: str, by_id: int, now: datetime
) -> Booking:
    """Give a free place to a chosen person on the waiting list, even out of queue order, for
    a recorded reason (fairness: the audit log keeps who and why, "booking.offered"). The cap
    per organisation still holds. The person is emailed. Raises ReasonMissing
    ("reason_missing"), NotFound ("not_found"), NotBookable ("not_bookable") when the booking
    is not on the waiting list, no place is free, the event has started or is not published,
    the person's organisation holds the event's cap, or (a workshop) they hold another workshop
    at the same time (``choices.clashing``, as promotion asks)."""
    reason = _reason(reason)
    booking = find_booking(session, booking_id, None)
    event = lock_event(session, booking.event_id)
    session.refresh(booking)
    if booking.status != BookingStatus.WAITLISTED:
        raise NotBookable("This person is not on the waiting list.")
    if event.status != EventStatus.PUBLISHED or event.starts_at <= now:
        raise NotBookable("Places can be offered only before a published event starts.")
    if places_left(event.capacity, confirmed_places(session, event.id)) == 0:
        raise NotBookable("No place is free: cancel a booking or add places first.")
    held = organisation_places(session, event.id)
    organisation_id = booking.person.organisation_id
    cap = event.places_per_organisation
    if not organisation_has_room(cap, organisation_id, held[organisation_id]):
        raise NotBookable(waitlist_reason(session, booking).replace("Your", "Their", 1) + ".")
    if event.is_workshop and clashing(session, booking):
        raise NotBookable("They hold another workshop at the same time: move them out of it first.")
    booking.status = BookingStatus.CONFIRMED
    booking.updated_at = now
    session.flush()
    notifications.tell(session, OnBehalfEmail.OFFERED, booking, now)
    _audit(session, "booking.offered", booking, by_id, now, reason=reason)
    return booking


def email_everyone(
    session: Session, *, event_id: int, subject: str, body: str, by_id: int, now: datetime
) -> int:
    """Email the organisers' message to everyone holding a confirmed place on the event, one
    message each through the outbox; the subject is made safe for a header
    (``core.formatting.header_text``). Audited "booking.event_emailed" on the event with how
    many were emailed (not what was said). Returns how many. Raises NotFound ("not_found"),
    ReasonMissing ("reason_missing") for an empty subject or message."""
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("Event not found")
    subject = header_text(subject)[:SUBJECT_LENGTH].strip()
    body = body.strip()[:MESSAGE_LENGTH]
    if not subject:
        raise ReasonMissing("Enter a subject", field="subject")
    if not body:
        raise ReasonMissing("Enter a message", field="body")
    bookings = session.scalars(
        select(Booking)
        .where(Booking.event_id == event_id, Booking.status == BookingStatus.CONFIRMED)
        .order_by(Booking.id)
    ).all()
    for booking in bookings:
        notifications.tell(
            session, OnBehalfEmail.ORGANISERS_MESSAGE, booking, now, subject=subject, body=body
        )
    record(
        session,
        actor_id=by_id,
        action="booking.event_emailed",
        subject_type="event",
        subject_id=event_id,
        now=now,
        people=len(bookings),
    )
    return len(bookings)
