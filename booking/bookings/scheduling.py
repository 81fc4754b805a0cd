"""Scheduled messages: reminders before an event. ("Tell us how it went" goes to the people
checked in: ``feedback.requests``.)

Each is created exactly once per booking, however often and on however many machines the
scheduler runs: an idempotency key, unique in the database, decides.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from booking.accounts.models import User
from booking.accounts.services import addressee
from booking.bookings.emails import BookingEmail
from booking.bookings.models import Booking, BookingStatus
from booking.events.models import Event, EventStatus
from booking.events.rules import LONGEST_REMINDER_DAYS, reminder_days
from booking.outbox.queue import enqueue_once


def schedule_reminders(session: Session, *, now: datetime) -> int:
    """Queue a reminder for each confirmed place on a published event that starts within its
    reminder period (the event's ``reminder_days``, 2 by default), for people who have not
    switched reminders off. Returns how many were queued now.

    A moved event gets a fresh reminder: the key includes the start time.
    """
    candidates = session.execute(
        select(Booking, Event)
        .join(Event, Event.id == Booking.event_id)
        .join(User, User.id == Booking.person_id)
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            Event.status == EventStatus.PUBLISHED,
            Event.parent_id.is_(None),  # a delegate's conference reminder lists the workshops
            User.reminders_enabled.is_(True),
            Event.starts_at > now,
            Event.starts_at <= now + timedelta(days=LONGEST_REMINDER_DAYS),
        )
        .options(joinedload(Booking.person))
    ).all()
    queued = 0
    for booking, event in candidates:
        if event.starts_at - timedelta(days=reminder_days(event)) <= now:
            key = f"reminder:{booking.id}:{event.starts_at:%Y%m%dT%H%M}"
            queued += enqueue_booking_email_once(session, BookingEmail.REMINDER, booking, key, now)
    return queued


def enqueue_booking_email_once(
    session: Session, kind: BookingEmail, booking: Booking, key: str, now: datetime
) -> bool:
    """Queue an email about the booking to its holder, once per idempotency ``key``; named
    only at a confirmed address (``addressee``: a walk-in's is not proven). True when queued."""
    return enqueue_once(
        session,
        kind,
        addressee(booking.person),
        key=key,
        now=now,
        booking_id=booking.id,
        event_id=booking.event_id,
        payload={"about": booking.event.title},
    )
