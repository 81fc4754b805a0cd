"""What the bookings context holds about a person, and how it is erased keeping counts."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from booking.bookings.models import Booking, BookingStatus
from booking.bookings.services import cancel_booking
from booking.events.models import Event


def erase_person(session: Session, person_id: int, now: datetime) -> None:
    """Cancel the person's places and waiting-list places on events not yet started, as if
    they cancelled them (freed places go to the waiting list), and blank what they told
    trainers and the organisers' reason for a cancellation (it may say why about them) on
    every booking. Past bookings stay, as attendance counts. Raises nothing."""
    upcoming = session.scalars(
        select(Booking.id)
        .join(Event, Event.id == Booking.event_id)
        .where(
            Booking.person_id == person_id,
            Booking.status != BookingStatus.CANCELLED,
            Event.starts_at > now,
        )
        .order_by(Event.parent_id.is_not(None), Booking.id)  # conferences before workshops
    ).all()
    for booking_id in upcoming:
        if session.get(Booking, booking_id).is_live:  # a conference's may have taken it along
            cancel_booking(session, booking_id=booking_id, person_id=person_id, now=now)
    session.execute(
        update(Booking)
        .where(Booking.person_id == person_id)
        .values(access_needs="", dietary_needs="", notes_for_trainer="", cancel_reason="")
        .execution_options(synchronize_session="fetch")
    )
