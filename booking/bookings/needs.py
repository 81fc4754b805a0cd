"""What a person tells the trainers when booking: access needs, dietary needs, anything else.

It can be health data. Only the event's trainers and organisers see it; it never goes into an
email or a URL; the person can change it until the event starts; and it is deleted
NEEDS_KEPT_FOR after the event ends, by the scheduled worker (``forget_needs``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from booking.bookings.models import Booking
from booking.bookings.services import find_booking
from booking.core.errors import NotBookable
from booking.events.models import Event

NEEDS_KEPT_FOR = timedelta(days=30)
NEEDS_LENGTH = 2000  # characters a person can write in each


@dataclass(frozen=True)
class Needs:
    access_needs: str = ""
    dietary_needs: str = ""
    notes_for_trainer: str = ""


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
            or_(
                Booking.access_needs != "",
                Booking.dietary_needs != "",
                Booking.notes_for_trainer != "",
            ),
        )
        .values(access_needs="", dietary_needs="", notes_for_trainer="")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
