"""Which changes cause which emails: each function adds outbox rows to the caller's transaction."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.bookings.emails import BookingEmail
from booking.bookings.models import Booking, BookingStatus
from booking.core.formatting import date_range
from booking.events.editing import NOTIFIED_CHANGES
from booking.events.models import Event
from booking.events.rules import where
from booking.outbox.queue import enqueue


def _tell(session: Session, kind: BookingEmail, booking: Booking, now: datetime, **payload):
    enqueue(
        session,
        kind,
        booking.person,
        booking_id=booking.id,
        event_id=booking.event_id,
        now=now,
        payload={"about": booking.event.title, **payload},
    )


def booked(session: Session, booking: Booking, *, now: datetime) -> None:
    """A place confirmed, or a place on the waiting list."""
    confirmed = booking.status == BookingStatus.CONFIRMED
    _tell(
        session, BookingEmail.CONFIRMED if confirmed else BookingEmail.WAITLIST_JOINED, booking, now
    )


def promoted(session: Session, bookings: list[Booking], *, now: datetime) -> None:
    for booking in bookings:
        _tell(session, BookingEmail.PROMOTED, booking, now)


def cancelled(session: Session, booking: Booking, *, by_organiser: bool, now: datetime) -> None:
    kind = BookingEmail.CANCELLED_BY_ORGANISER if by_organiser else BookingEmail.CANCELLED
    _tell(session, kind, booking, now)


def event_changed(session: Session, event: Event, before: dict, *, now: datetime) -> None:
    """Tell everyone holding a live booking what changed (time, venue or online link);
    ``before`` holds the NOTIFIED_CHANGES fields as they were."""
    changed = sorted(
        {label for name, label in NOTIFIED_CHANGES.items() if before[name] != getattr(event, name)}
    )
    if not changed:
        return
    was = {
        "time": date_range(before["starts_at"], before["ends_at"]),
        "venue": where(before["venue"]),
        "online link": before["online_url"],
    }
    for booking in live_bookings(session, event.id):
        _tell(session, BookingEmail.EVENT_CHANGED, booking, now, changed=changed, was=was)


def event_cancelled(session: Session, event: Event, *, now: datetime, message: str = "") -> None:
    """Tell everyone holding a live booking, with the organiser's message if any."""
    extra = {"message": message} if message else {}
    for booking in live_bookings(session, event.id):
        _tell(session, BookingEmail.EVENT_CANCELLED, booking, now, **extra)


def live_bookings(session: Session, event_id: int) -> list[Booking]:
    return list(
        session.scalars(
            select(Booking)
            .where(Booking.event_id == event_id, Booking.status != BookingStatus.CANCELLED)
            .order_by(Booking.id)
        )
    )
