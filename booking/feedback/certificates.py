"""Certificates of attendance: who is offered one, issuing it once per booking under a short
unguessable code, and what the public verification page may say about it.

A certificate is offered for a place checked in at an event that is over, once the person has
given their feedback when the event's form asks for it first (``certificate_needs_feedback``,
the default; an event without a form asks for none). A conference's certificate lists the
workshops the delegate was checked in at; a workshop has no certificate of its own.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager

from booking.audit.services import record
from booking.bookings.choices import choice_line
from booking.bookings.models import Booking
from booking.checkin.models import CheckIn, live_check_in_of
from booking.core.errors import NotFound, Refused
from booking.core.formatting import date_range, long_date
from booking.events.models import Event
from booking.feedback.models import Certificate, FeedbackResponse
from booking.feedback.rules import attended, event_form

# No 0/O, 1/I/L: a code read off paper is typed back right. 31 symbols, 10 of them: 2^49.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
_TRIES = 5
_TYPED_CODE = re.compile(r"[\s-]")


class Withheld(StrEnum):
    """Why a booking is not offered a certificate (yet)."""

    NOT_OVER = "not_over"
    NOT_ATTENDED = "not_attended"
    FEEDBACK_NEEDED = "feedback_needed"
    WORKSHOP = "workshop"

    @property
    def message(self) -> str:
        return _MESSAGES[self]


_MESSAGES = {
    Withheld.NOT_OVER: "A certificate of attendance is offered once the event is over.",
    Withheld.NOT_ATTENDED: "A certificate of attendance is offered only to people who were "
    "checked in at the event.",
    Withheld.FEEDBACK_NEEDED: "Give feedback to get your certificate.",
    Withheld.WORKSHOP: "Your conference's certificate lists the workshops you attended.",
}


class NoCertificate(Refused):
    """The booking is not offered a certificate; the message says why."""

    code = "no_certificate"


@dataclass(frozen=True)
class Verified:
    """All the public page says about a certificate: whose, of what event, when."""

    name: str
    event_title: str
    date: str


def certificate_offer(session: Session, booking: Booking, now: datetime) -> Withheld | None:
    """None when the booking's holder is offered a certificate of attendance, or why not:
    NOT_OVER before the event ends, NOT_ATTENDED without a live check-in on a confirmed
    place, WORKSHOP for a workshop (the conference's certificate lists it), FEEDBACK_NEEDED
    while the event's form asks for feedback first and the booking has no response. Raises
    nothing."""
    event = booking.event
    if event.is_workshop:
        return Withheld.WORKSHOP
    if event.ends_at > now:
        return Withheld.NOT_OVER
    if not attended(session, booking):
        return Withheld.NOT_ATTENDED
    if _feedback_needed(session, booking):
        return Withheld.FEEDBACK_NEEDED
    return None


def _feedback_needed(session: Session, booking: Booking) -> bool:
    form = event_form(session, booking.event_id)
    if form is None or not form.certificate_needs_feedback:
        return False
    responded = exists().where(
        FeedbackResponse.form_id == form.id, FeedbackResponse.booking_id == booking.id
    )
    return not session.scalar(select(responded))


def issue_certificate(
    session: Session, booking: Booking, *, by_id: int, now: datetime
) -> Certificate:
    """The booking's certificate: the one issued before, or a new one with a fresh code
    (audited "feedback.certificate_issued", by ``by_id``). One per booking, also when two
    requests issue it at once. Raises NoCertificate ("no_certificate") when the booking is not
    offered one (``certificate_offer``), with the reason as its message."""
    existing = _certificate_of(session, booking.id)
    if existing is not None:
        return existing
    withheld = certificate_offer(session, booking, now)
    if withheld is not None:
        raise NoCertificate(withheld.message)
    for _ in range(_TRIES):
        try:
            with session.begin_nested():
                certificate = Certificate(booking_id=booking.id, code=new_code(), issued_at=now)
                session.add(certificate)
        except IntegrityError:  # the same code, or the same booking's twin request, was first
            existing = _certificate_of(session, booking.id)
            if existing is not None:
                return existing
            continue
        record(
            session,
            actor_id=by_id,
            action="feedback.certificate_issued",
            subject_type="booking",
            subject_id=booking.id,
            now=now,
            event_id=booking.event_id,
        )
        return certificate
    raise RuntimeError("No unused certificate code after several tries")  # 2^49 codes: never


def _certificate_of(session: Session, booking_id: int) -> Certificate | None:
    return session.scalars(
        select(Certificate).where(Certificate.booking_id == booking_id)
    ).one_or_none()


def new_code() -> str:
    """A random code of CODE_LENGTH characters from CODE_ALPHABET."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def typed_code(text: str) -> str | None:
    """A code as someone may type it back ("k7pq m3xd-r9" included), as stored; None when it
    cannot be one."""
    code = _TYPED_CODE.sub("", text[:40]).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def verify(session: Session, text: str) -> Verified:
    """The name, event title and date of the certificate with this code (as typed: case,
    spaces and hyphens do not matter), while its booking is confirmed with a live check-in (a
    certificate whose place was cancelled or check-in undone no longer verifies). Raises
    NotFound ("not_found") for any other text or such a certificate, saying nothing about
    why."""
    code = typed_code(text)
    found = None
    if code is not None:
        found = session.scalars(
            select(Certificate)
            .join(Certificate.booking)
            .join(Booking.event)
            .where(Certificate.code == code)
            .options(contains_eager(Certificate.booking).contains_eager(Booking.event))
        ).one_or_none()
    if found is None or not attended(session, found.booking):
        raise NotFound("No certificate has this code")
    event = found.booking.event
    return Verified(found.booking.person.name, event.title, long_date(event.starts_at))


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate of attendance says."""

    code: str
    name: str
    event_title: str
    when: str
    cpd_hours: Decimal | None
    trainers: tuple[str, ...]
    workshops: tuple[str, ...]  # a conference's: "10:30am to midday: Title", earliest first


def certificate_facts(session: Session, certificate: Certificate) -> CertificateFacts:
    """The certificate's contents, from its booking and event as they are now."""
    booking = certificate.booking
    event = booking.event
    return CertificateFacts(
        code=certificate.code,
        name=booking.person.name,
        event_title=event.title,
        when=date_range(event.starts_at, event.ends_at),
        cpd_hours=event.cpd_hours,
        trainers=tuple(trainer.name for trainer in event.trainers),
        workshops=tuple(choice_line(held) for held in workshops_attended(session, booking)),
    )


def workshops_attended(session: Session, booking: Booking) -> list[Booking]:
    """The holder's bookings on the conference's workshops whose door checked them in,
    earliest first (none for an event that is not a conference)."""
    if not booking.event.is_conference:
        return []
    return list(
        session.scalars(
            select(Booking)
            .join(Event, Event.id == Booking.event_id)
            .join(CheckIn, live_check_in_of(Booking.id))
            .where(Event.parent_id == booking.event_id, Booking.person_id == booking.person_id)
            .order_by(Event.starts_at, Event.title)
            .options(contains_eager(Booking.event))
        )
    )
