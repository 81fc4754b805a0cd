"""Which changes cause which emails: each function adds outbox rows to the caller's transaction."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.formatting import date_range
from booking.models import (
    Booking,
    BookingStatus,
    Event,
    EventStatus,
    MessageKind,
    OutboxMessage,
)
from booking.services.outbox import Recipient, enqueue

# Fields whose change people must hear about, and how the message names them.
NOTIFIED_CHANGES = {
    "starts_at": "time",
    "ends_at": "time",
    "venue": "venue",
    "online_url": "online link",
}


def booked(session: Session, booking: Booking, person: Recipient, *, now: datetime) -> None:
    """A place confirmed, or a place on the waiting list, told to the ``person`` who booked."""
    kind = (
        MessageKind.BOOKING_CONFIRMED
        if booking.status == BookingStatus.CONFIRMED
        else MessageKind.WAITLIST_JOINED
    )
    enqueue(session, kind, person, booking=booking, now=now)


def promoted(session: Session, bookings: list[Booking], *, now: datetime) -> None:
    for booking in bookings:
        enqueue(session, MessageKind.PROMOTED, booking.person, booking=booking, now=now)


def cancelled(session: Session, booking: Booking, *, by_organiser: bool, now: datetime) -> None:
    kind = (
        MessageKind.BOOKING_CANCELLED_BY_ORGANISER
        if by_organiser
        else MessageKind.BOOKING_CANCELLED
    )
    enqueue(session, kind, booking.person, booking=booking, now=now)


def snapshot(event: Event) -> dict:
    """What an event looks like now, to compare after a change."""
    return {name: getattr(event, name) for name in NOTIFIED_CHANGES}


def event_changed(session: Session, event: Event, before: dict, *, now: datetime) -> None:
    """Tell everyone holding a live booking what changed (time, venue or online link)."""
    changed = sorted(
        {label for name, label in NOTIFIED_CHANGES.items() if before[name] != getattr(event, name)}
    )
    if not changed:
        return
    payload = {
        "changed": changed,
        "was": {
            "time": date_range(before["starts_at"], before["ends_at"]),
            "venue": before["venue"] or "Online",
            "online link": before["online_url"],
        },
    }
    for booking in live_bookings(session, event.id):
        enqueue(
            session,
            MessageKind.EVENT_CHANGED,
            booking.person,
            booking=booking,
            now=now,
            payload=payload,
        )


def event_cancelled(session: Session, event: Event, *, now: datetime) -> None:
    for booking in live_bookings(session, event.id):
        enqueue(session, MessageKind.EVENT_CANCELLED, booking.person, booking=booking, now=now)


def live_bookings(session: Session, event_id: int) -> list[Booking]:
    return list(
        session.scalars(
            select(Booking)
            .where(Booking.event_id == event_id, Booking.status != BookingStatus.CANCELLED)
            .order_by(Booking.id)
        )
    )


# The booking status a message needs when its turn comes; others always go.
_NEEDS_STATUS = {
    MessageKind.BOOKING_CONFIRMED: BookingStatus.CONFIRMED,
    MessageKind.PROMOTED: BookingStatus.CONFIRMED,
    MessageKind.REMINDER: BookingStatus.CONFIRMED,
    MessageKind.FEEDBACK_REQUEST: BookingStatus.CONFIRMED,
    MessageKind.WAITLIST_JOINED: BookingStatus.WAITLISTED,
}


def no_longer_applies(message: OutboxMessage, now: datetime) -> str | None:
    """Why a queued message should not be sent any more, or None to send it.

    The state may have moved on between queueing and sending: a reminder for a place given
    up, a confirmation for a booking cancelled since. Cancellations and changes always go.
    """
    booking = message.booking
    needed = _NEEDS_STATUS.get(message.kind)
    if booking is None or needed is None:
        return None
    if booking.status != needed:
        return f"Not sent: the booking is {booking.status.value} now."
    scheduled = message.kind in (MessageKind.REMINDER, MessageKind.FEEDBACK_REQUEST)
    if scheduled and booking.event.status != EventStatus.PUBLISHED:
        return "Not sent: the event was cancelled."
    if message.kind == MessageKind.REMINDER and not booking.person.reminders_enabled:
        return "Not sent: the person switched reminders off."
    if message.kind == MessageKind.REMINDER and booking.event.starts_at <= now:
        return "Not sent: the event has started."
    return None
