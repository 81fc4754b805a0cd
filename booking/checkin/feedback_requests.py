"""The "tell us how it went" email after an event goes to the people who were there: those
checked in at the door (walk-ins too), once per booking, however often the scheduler runs.
An event where nobody was checked in sends none."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, joinedload

from booking.accounts.models import User
from booking.bookings.emails import BookingEmail
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.scheduling import enqueue_booking_email_once
from booking.checkin.models import CheckIn, live_check_in_of
from booking.events.models import Event, EventStatus

FEEDBACK_WINDOW = timedelta(days=7)


def schedule_feedback_requests(session: Session, *, now: datetime) -> int:
    """Queue "tell us how it went" for each place checked in on an event that ended in the
    last 7 days, unless the person has closed their account. Returns how many were queued now
    (an idempotency key, unique in the database, makes each once per booking). Raises
    nothing."""
    attended = session.scalars(
        select(Booking)
        .join(Event, Event.id == Booking.event_id)
        .join(User, User.id == Booking.person_id)
        .join(CheckIn, live_check_in_of(Booking.id))
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            User.closed_at.is_(None),
            Event.status == EventStatus.PUBLISHED,
            Event.ends_at <= now,
            Event.ends_at > now - FEEDBACK_WINDOW,
        )
        .options(joinedload(Booking.person), contains_eager(Booking.event))
    ).all()
    return sum(
        enqueue_booking_email_once(
            session, BookingEmail.FEEDBACK_REQUEST, booking, f"feedback:{booking.id}", now
        )
        for booking in attended
    )
