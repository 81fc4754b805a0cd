"""Referring a parent or carer to a digital parenting session, and what each side then sees.

The parent's place is a booking taken by the bookings' own rule (``take_place``: capacity, then
the waiting list), so check-in, no-shows and promotion work as for anyone. Each referral makes
its own placeholder person for the parent (no password, as a walk-in's), never an existing
account: a referrer cannot book someone else's account, nor learn that an address has one. The
placeholder carries the parent's address when no account holds it, so the bookings' later
emails reach them; otherwise, or for a parent reached only by phone, an address under the
reserved ``.invalid`` domain, which the outbox never sends to (the invitation itself always goes
to the address the referrer gave). Parents belong to no organisation: they are not an
organisation reached.

The referrer sees the parent's name and a status word, nothing more; the organiser sees the
referrals per session and by referring team, with how to reach the parent.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, joinedload

from booking.accounts.models import Organisation, Role, User
from booking.accounts.services import (
    account_for,
    addressee,
    normalise_email,
    written_unless_a_twin,
)
from booking.audit.services import record
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.services import take_place
from booking.checkin.models import live_check_in_of
from booking.core.errors import (
    AlreadyBooked,
    EmailNotConfirmed,
    NotAllowed,
    NotBookable,
    NotFound,
    Refused,
)
from booking.events.models import Event, EventKind, EventStatus
from booking.events.rules import lock_event
from booking.outbox.composing import NO_ADDRESS_DOMAIN
from booking.outbox.queue import enqueue
from booking.referrals.emails import ReferralEmail
from booking.referrals.models import Referral
from booking.referrals.status import PlaceState, place_state


@dataclass(frozen=True)
class Parent:
    """The parent or carer as the referrer gives them: a name, and an email address or a
    phone number (the organiser calls); ``agreed`` that they agreed to be referred."""

    name: str
    email: str
    phone: str
    agreed: bool


class NoWayToReach(Refused):
    code = "no_way_to_reach"


class NotAgreed(Refused):
    code = "not_agreed"


def parenting_sessions(session: Session, *, now: datetime) -> list[Event]:
    """The digital parenting sessions a parent can be referred to: published, not started,
    soonest first. Raises nothing."""
    return list(
        session.scalars(
            select(Event)
            .where(
                Event.kind == EventKind.PARENTING_SESSION,
                Event.status == EventStatus.PUBLISHED,
                Event.starts_at > now,
            )
            .order_by(Event.starts_at, Event.id)
        )
    )


def refer_parent(
    session: Session, *, event_id: int, parent: Parent, referrer_id: int, now: datetime
) -> Referral:
    """Refer a parent to a parenting session: a place for them, or a place on the waiting list.

    Anyone signed in with a confirmed address may refer (they vouch for the parent's
    details). The parent is invited by email, or, with no email address, the organiser prints
    a letter (``letter``) and calls them. Audited
    "referral.made". Raises EmailNotConfirmed ("email_not_confirmed") for a referrer whose
    address is not confirmed, NotAgreed ("not_agreed") unless the parent agreed, NoWayToReach
    ("no_way_to_reach") with neither an email address nor a phone number, NotFound
    ("not_found") for no such event or a draft, NotBookable ("not_bookable") for an event
    that is not a parenting session or takes no bookings now, AlreadyBooked
    ("already_booked") when this referrer has already referred this parent (same address or
    phone) to it and the place stands. No refusal depends on anyone else's account.
    """
    referrer = _referrer(session, referrer_id, parent)
    event = lock_event(session, event_id)
    if event.kind != EventKind.PARENTING_SESSION:
        raise NotBookable("Parents can only be referred to a parenting session.", field="event")
    _refuse_a_second_referral(session, event.id, referrer_id, parent)
    person = _parent_person(session, parent, now)
    booking = take_place(session, event, person.id, now, by_someone_else=True)
    referral = Referral(
        booking_id=booking.id,
        referred_by_id=referrer_id,
        referring_organisation_id=referrer.organisation_id,
        parent_name=" ".join(parent.name.split()),
        parent_email=normalise_email(parent.email),
        parent_phone=" ".join(parent.phone.split()),
        parent_agreed=True,
        created_at=now,
    )
    session.add(referral)
    session.flush()
    _invite_and_audit(session, referral, person, referrer_id, now)
    return referral


def _invite_and_audit(
    session: Session, referral: Referral, person: User, referrer_id: int, now: datetime
) -> None:
    """The parent's invitation, at the address the referrer gave (unnamed: nobody proved it),
    and the audit entry."""
    booking = referral.booking
    if referral.parent_email:
        enqueue(
            session,
            ReferralEmail.INVITATION,
            addressee(person, referral.parent_email),
            now=now,
            booking_id=booking.id,
            event_id=booking.event_id,
            payload={"about": booking.event.title},
        )
    record(
        session,
        actor_id=referrer_id,
        action="referral.made",
        subject_type="booking",
        subject_id=booking.id,
        now=now,
        event_id=booking.event_id,
    )


def _referrer(session: Session, referrer_id: int, parent: Parent) -> User:
    """The referrer, when they may refer this parent (see ``refer_parent``)."""
    referrer = session.get(User, referrer_id)
    if referrer is None or referrer.email_confirmed_at is None:
        raise EmailNotConfirmed("Confirm your email address before referring a parent.")
    if not parent.agreed:
        raise NotAgreed("Confirm that the parent agreed to be referred", field="agreed")
    if not (parent.email.strip() or parent.phone.strip()):
        raise NoWayToReach("Enter the parent's email address or phone number", field="email")
    return referrer


def _refuse_a_second_referral(
    session: Session, event_id: int, referrer_id: int, parent: Parent
) -> None:
    """AlreadyBooked when this referrer's own standing referral of this parent (same address,
    or same phone) is on the event: only the referrer's own referrals are looked at."""
    email, phone = normalise_email(parent.email), " ".join(parent.phone.split())
    same_parent = [Referral.parent_email == email] if email else []
    same_parent += [Referral.parent_phone == phone] if phone else []
    standing = session.scalar(
        select(Referral.id)
        .join(Booking, Booking.id == Referral.booking_id)
        .where(
            Referral.referred_by_id == referrer_id,
            Booking.event_id == event_id,
            Booking.status != BookingStatus.CANCELLED,
            or_(*same_parent),
        )
        .limit(1)
    )
    if standing is not None:
        raise AlreadyBooked("You have already referred this parent to this session.")


def _parent_person(session: Session, parent: Parent, now: datetime) -> User:
    """A new placeholder person for the parent: at their address when no account holds it,
    else (or with no address) at a unique address under the reserved domain."""
    email = normalise_email(parent.email)
    if email and account_for(session, email) is None:
        person = _placeholder(parent, email, now)
        if written_unless_a_twin(session, lambda: session.add(person)):
            return person  # else an account took the address at the same moment
    person = _placeholder(parent, f"parent-{secrets.token_hex(8)}@{NO_ADDRESS_DOMAIN}", now)
    session.add(person)
    session.flush()
    return person


def _placeholder(parent: Parent, email: str, now: datetime) -> User:
    return User(
        email=email,
        name=" ".join(parent.name.split()),
        job_title="",
        organisation_id=None,
        role=Role.PROFESSIONAL,
        password_hash="",
        created_at=now,
        placeholder=True,
    )


# What the referrer reads of a referral: a status word, nothing about the parent but the name.
PLACE_CONFIRMED = "Place confirmed"
WAITING = "On the waiting list"
CAME = "Came"
DID_NOT_COME = "Did not come"
CANCELLED = "Cancelled"


_WORDS = {
    PlaceState.CAME: CAME,
    PlaceState.CANCELLED: CANCELLED,
    PlaceState.WAITING: WAITING,
    PlaceState.DID_NOT_COME: DID_NOT_COME,
    PlaceState.HELD: PLACE_CONFIRMED,
}


def status_word(booking: Booking, *, came: bool, now: datetime) -> str:
    """The referral's status word, from ``status.place_state``. Raises nothing."""
    return _WORDS[place_state(booking, booking.event, came=came, now=now)]


@dataclass(frozen=True)
class ReferralLine:
    """One referral as a page shows it."""

    id: int
    parent_name: str
    event_id: int
    event_title: str
    starts_at: datetime
    ends_at: datetime
    status: str
    # Only on the organiser's page:
    parent_email: str = ""
    parent_phone: str = ""
    team: str = ""


def _lines(session: Session, condition, *, now: datetime, organiser: bool) -> list[ReferralLine]:
    came = exists().where(live_check_in_of(Booking.id))
    rows = session.execute(
        select(Referral, came.label("came"), Organisation.name)
        .join(Booking, Booking.id == Referral.booking_id)
        .join(Event, Event.id == Booking.event_id)
        .outerjoin(Organisation, Organisation.id == Referral.referring_organisation_id)
        .where(condition)
        .options(joinedload(Referral.booking).joinedload(Booking.event))
        .order_by(Event.starts_at.desc(), Referral.created_at.desc(), Referral.id)
    ).all()
    return [_line(referral, came, team or "", now, organiser) for referral, came, team in rows]


def _line(referral: Referral, came: bool, team: str, now: datetime, organiser: bool):
    event = referral.booking.event
    return ReferralLine(
        id=referral.id,
        parent_name=referral.parent_name,
        event_id=event.id,
        event_title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        status=status_word(referral.booking, came=came, now=now),
        parent_email=referral.parent_email if organiser else "",
        parent_phone=referral.parent_phone if organiser else "",
        team=team if organiser else "",
    )


def my_referrals(session: Session, *, referrer_id: int, now: datetime) -> list[ReferralLine]:
    """The referrer's referrals, newest session first: the parent's name, the session and a
    status word; never how to reach the parent. Raises nothing."""
    return _lines(session, Referral.referred_by_id == referrer_id, now=now, organiser=False)


def all_referrals(session: Session, *, now: datetime) -> list[ReferralLine]:
    """Every referral, for the organiser: with how to reach the parent and the referring
    team. Raises nothing."""
    return _lines(session, Referral.id.is_not(None), now=now, organiser=True)


@dataclass(frozen=True)
class Tally:
    """Referrals counted under one heading (a session, or a referring team)."""

    name: str
    referred: int
    came: int


def tallies(lines: list[ReferralLine], key) -> list[Tally]:
    """The lines counted by ``key`` (a line's session title and date, or team), in order."""
    counts: dict[str, list[int]] = {}
    for line in lines:
        count = counts.setdefault(key(line), [0, 0])
        count[0] += 1
        count[1] += line.status == CAME
    return [Tally(name, referred, came) for name, (referred, came) in counts.items()]


@dataclass(frozen=True)
class Letter:
    """What the organiser prints for a parent with no email address."""

    parent_name: str
    booking: Booking
    status: str


def letter(session: Session, *, referral_id: int, now: datetime) -> Letter:
    """The invitation letter for a referral. Raises NotFound ("not_found"), NotAllowed
    ("not_allowed") once the place is cancelled (nothing to invite to)."""
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFound("Referral not found")
    booking = referral.booking
    status = status_word(booking, came=False, now=now)
    if status == CANCELLED:
        raise NotAllowed("This place is cancelled.")
    return Letter(referral.parent_name, booking, status)
