"""When feedback is asked for: "tell us how it went" after an event goes to the people who were
there (checked in at the door, walk-ins too), and one reminder a week after the event ends to
those who have not answered. Only for an event with a feedback form that is open; each email
once per booking, however often and on however many machines the scheduler runs (an
idempotency key, unique in the database, decides). An event where nobody was checked in sends
none."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from booking.accounts.models import User
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.scheduling import enqueue_booking_email_once
from booking.checkin.models import CheckIn, live_check_in_of
from booking.events.models import Event, EventStatus
from booking.feedback.emails import FeedbackEmail
from booking.feedback.models import FeedbackForm, FeedbackResponse
from booking.feedback.rules import is_open

FEEDBACK_WINDOW = timedelta(days=7)
REMINDER_AFTER = timedelta(days=7)


def _attended(ended_after: datetime, ended_by: datetime) -> Select:
    """Confirmed places checked in on a published event with a feedback form, that ended in
    (ended_after, ended_by], held by someone whose account is open."""
    return (
        select(Booking, FeedbackForm)
        .join(Event, Event.id == Booking.event_id)
        .join(FeedbackForm, FeedbackForm.event_id == Event.id)
        .join(User, User.id == Booking.person_id)
        .join(CheckIn, live_check_in_of(Booking.id))
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            User.closed_at.is_(None),
            Event.status == EventStatus.PUBLISHED,
            Event.ends_at > ended_after,
            Event.ends_at <= ended_by,
        )
        .options(joinedload(Booking.person), contains_eager(Booking.event))
    )


def _queue(session: Session, kind: FeedbackEmail, rows: Sequence, key: str, now: datetime) -> int:
    return sum(
        enqueue_booking_email_once(session, kind, booking, f"{key}:{booking.id}", now)
        for booking, form in rows
        if is_open(form, form.event, now)
    )


def schedule_feedback_requests(session: Session, *, now: datetime) -> int:
    """Queue "tell us how it went" for each place checked in on an event with an open feedback
    form that ended in the last 7 days, unless the person has closed their account. Returns
    how many were queued now (key "feedback:<booking id>"). Raises nothing."""
    rows = session.execute(_attended(now - FEEDBACK_WINDOW, now)).all()
    return _queue(session, FeedbackEmail.REQUEST, rows, "feedback", now)


def schedule_feedback_reminders(session: Session, *, now: datetime) -> int:
    """Queue one reminder, 7 days after the event ended, for each place that was asked and has
    not answered while the form is still open. Returns how many were queued now (key
    "feedback-reminder:<booking id>"). Raises nothing."""
    query = _attended(now - REMINDER_AFTER - FEEDBACK_WINDOW, now - REMINDER_AFTER).where(
        ~select(FeedbackResponse.id).where(FeedbackResponse.booking_id == Booking.id).exists()
    )
    rows = session.execute(query).all()
    return _queue(session, FeedbackEmail.REMINDER, rows, "feedback-reminder", now)
