"""What a person tells the trainers when booking: access needs, dietary needs, anything else.

It can be health data. Only the event's trainers and organisers see it (``event_needs``, each
viewing audited); it never goes into an email or a URL; the person can change it until the
event starts; it is deleted when the booking is cancelled, and NEEDS_KEPT_FOR after the event
ends by the scheduled worker (``forget_needs``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session, aliased

from booking.accounts.models import Organisation, User
from booking.audit.services import record
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.services import find_booking
from booking.core.errors import NotAllowed, NotBookable
from booking.events.models import Event
from booking.events.rules import get_event, is_trainer_of

NEEDS_KEPT_FOR = timedelta(days=30)
NEEDS_LENGTH = 2000  # characters a person can write in each


@dataclass(frozen=True)
class Needs:
    access_needs: str = ""
    dietary_needs: str = ""
    notes_for_trainer: str = ""


def _any_needs(booking=Booking):
    return or_(
        booking.access_needs != "", booking.dietary_needs != "", booking.notes_for_trainer != ""
    )


def needs_deleted_after(event: Event) -> datetime:
    """When the needs given for a booking on the event are deleted."""
    return event.ends_at + NEEDS_KEPT_FOR


def update_needs(
    session: Session, *, booking_id: int, person_id: int, needs: Needs, now: datetime
) -> Booking:
    """Record what the person tells the trainers for their booking (a place or a waiting-list
    place), replacing what they said before; empty answers are fine.

    Raises NotFound ("not_found") for a booking that is not the person's, NotBookable
    ("not_bookable") when the booking is cancelled or the event has started.
    """
    booking = find_booking(session, booking_id, person_id)
    if not booking.is_live:
        raise NotBookable("This booking is cancelled.")
    if not booking.can_change(now):
        raise NotBookable("The event has started, so your needs can no longer be changed here.")
    booking.access_needs = needs.access_needs.strip()
    booking.dietary_needs = needs.dietary_needs.strip()
    booking.notes_for_trainer = needs.notes_for_trainer.strip()
    booking.updated_at = now
    session.flush()
    return booking


def forget_needs(session: Session, *, now: datetime) -> int:
    """Blank the needs of every booking whose event ended more than NEEDS_KEPT_FOR ago.
    Safe to run anywhere, any number of times. Returns how many bookings it blanked."""
    ended = select(Event.id).where(Event.ends_at <= now - NEEDS_KEPT_FOR)
    result = session.execute(
        update(Booking)
        .where(
            Booking.event_id.in_(ended),
            _any_needs(),
        )
        .values(access_needs="", dietary_needs="", notes_for_trainer="")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


@dataclass(frozen=True)
class GivenNeeds:
    """What one person booked on an event told its trainers."""

    name: str
    organisation: str
    waiting: bool  # on the waiting list, not yet holding a place
    needs: Needs


def event_needs(
    session: Session, *, event_id: int, viewer_id: int, is_organiser: bool, now: datetime
) -> tuple[Event, list[GivenNeeds]]:
    """The needs of the people booked on the event (a place or a waiting-list place) who gave
    any, by name; for a workshop, those its delegates gave on their conference booking.
    Organisers see every event's; trainers their events', and a conference's trainers its
    workshops' too. Each viewing is recorded in the audit log (it can be health data), with
    how many people were listed and never what they wrote.

    Raises NotFound ("not_found") for an unknown event, NotAllowed ("not_allowed") for anyone
    else.
    """
    event = get_event(session, event_id, include_drafts=True)
    if not is_organiser and not is_trainer_of(event, viewer_id):
        raise NotAllowed("Only the event's trainers and organisers can see these needs.")
    given = [
        GivenNeeds(
            name=name,
            organisation=organisation or "",
            waiting=booking.status == BookingStatus.WAITLISTED,
            needs=Needs(booking.access_needs, booking.dietary_needs, booking.notes_for_trainer),
        )
        for booking, name, organisation in session.execute(_needs_given(event))
    ]
    record(
        session,
        actor_id=viewer_id,
        action="needs.view",
        subject_type="event",
        subject_id=event.id,
        now=now,
        people=len(given),
    )
    session.flush()
    return event, given


def _needs_given(event: Event) -> Select:
    """The live bookings holding needs for the event, with their holder's name and
    organisation: a workshop's delegates give theirs on their conference booking."""
    query = (
        select(Booking, User.name, Organisation.name)
        .join(User, User.id == Booking.person_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(
            Booking.event_id == (event.parent_id if event.is_workshop else event.id),
            Booking.status != BookingStatus.CANCELLED,
            _any_needs(),
        )
        .order_by(User.name, Booking.id)
    )
    if event.is_workshop:
        workshop = aliased(Booking)
        query = query.where(
            Booking.person_id.in_(
                select(workshop.person_id).where(
                    workshop.event_id == event.id, workshop.status != BookingStatus.CANCELLED
                )
            )
        )
    return query
