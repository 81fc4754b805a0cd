"""Which changes cause which emails: each function adds outbox rows to the caller's transaction."""

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.services import addressee
from booking.bookings.choices import conference_booking_of
from booking.bookings.emails import BookingEmail
from booking.bookings.models import Booking, BookingStatus
from booking.core.formatting import date_range
from booking.events.editing import NOTIFIED_CHANGES
from booking.events.models import Event, EventStatus
from booking.events.rules import where
from booking.outbox.queue import enqueue, waiting_message

log = logging.getLogger(__name__)

# A conference place's confirmation waits this long, so a delegate who chooses workshops
# straight away gets one email listing them (its content is read when it is sent).
CONFIRMATION_HELD_FOR = timedelta(minutes=10)
# What tells a delegate their workshops as they are when it is sent.
_LISTING_WORKSHOPS = (BookingEmail.CONFIRMED, BookingEmail.WORKSHOPS_CHANGED)


def tell(
    session: Session,
    kind: str,
    booking: Booking,
    now: datetime,
    due: datetime | None = None,
    **payload,
):
    """Queue an email of ``kind`` about the booking to its holder (named only at a proven
    address), its payload naming the event."""
    enqueue(
        session,
        kind,
        addressee(booking.person),  # a walk-in's typed name is not put on an unproven address
        booking_id=booking.id,
        event_id=booking.event_id,
        now=now,
        payload={"about": booking.event.title, **payload},
        due=due,
    )


def booked(session: Session, booking: Booking, *, now: datetime) -> None:
    """A place confirmed (a conference's held back ``CONFIRMATION_HELD_FOR``), or a place on
    the waiting list."""
    if booking.status != BookingStatus.CONFIRMED:
        tell(session, BookingEmail.WAITLIST_JOINED, booking, now)
    elif booking.event.is_conference:
        tell(session, BookingEmail.CONFIRMED, booking, now, due=now + CONFIRMATION_HELD_FOR)
    else:
        tell(session, BookingEmail.CONFIRMED, booking, now)


def promoted(session: Session, bookings: list[Booking], *, now: datetime) -> None:
    """Places given from the waiting list; a workshop's as its conference's update."""
    for booking in bookings:
        if booking.event.is_workshop:
            _workshop_changed(session, booking, now, promoted=booking.event.title)
        else:
            tell(session, BookingEmail.PROMOTED, booking, now)


def cancelled(
    session: Session,
    booking: Booking,
    *,
    by_organiser: bool,
    now: datetime,
    passed_on: bool = False,
    reason: str = "",
) -> None:
    """A booking cancelled; ``passed_on`` when its place went to the waiting list; the
    organisers' ``reason``, when they gave one, is in their email."""
    kind = BookingEmail.CANCELLED_BY_ORGANISER if by_organiser else BookingEmail.CANCELLED
    extra = {"reason": reason} if reason else {}
    if booking.event.is_workshop:
        _workshop_changed(session, booking, now, passed_on=passed_on)
    else:
        tell(session, kind, booking, now, passed_on=passed_on, **extra)


def workshops_changed(
    session: Session, conference_booking: Booking, *, now: datetime, **payload
) -> None:
    """The delegate's workshops changed: one email listing them, with the conference's
    calendar entry sent again under a higher SEQUENCE. A change of choice (no ``payload``,
    or only ``first``: the delegate had none before) sends nothing new while an email listing
    their workshops is still to be sent: that one will list them as they are then."""
    conference_booking.sequence += 1
    conference_booking.updated_at = now
    news = payload.keys() - {"first"}
    if not news and waiting_message(
        session, booking_id=conference_booking.id, kinds=_LISTING_WORKSHOPS
    ):
        return
    tell(session, BookingEmail.WORKSHOPS_CHANGED, conference_booking, now, **payload)


def _workshop_changed(session: Session, workshop_booking: Booking, now: datetime, **payload):
    """Tell the delegate in their conference's update, while their conference place is live:
    a cancelled one is told nothing more. Choosing holds a workshop place only beside a live
    conference place (cancelling that cancels the workshops); one held without any conference
    booking is logged, by ids alone, and skipped, so the organiser's change still goes through."""
    conference_booking = conference_booking_of(session, workshop_booking)
    if conference_booking is None:
        log.warning(
            "Workshop booking %s (event %s) has no conference booking: not emailed",
            workshop_booking.id,
            workshop_booking.event_id,
        )
    elif conference_booking.is_live:
        workshops_changed(session, conference_booking, now=now, **payload)


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
        if event.is_workshop:  # told in the delegate's one calendar entry
            _workshop_changed(
                session,
                booking,
                now,
                workshop=event.title,
                changed=changed,
                was=was,
            )
        else:
            tell(session, BookingEmail.EVENT_CHANGED, booking, now, changed=changed, was=was)


def event_cancelled(session: Session, event: Event, *, now: datetime, message: str = "") -> None:
    """Tell everyone holding a live booking that the event is off, with the organiser's message
    if any; a workshop's delegates in their conference's update, unless the whole conference is
    off (its own email says so)."""
    if event.is_workshop and event.parent.status == EventStatus.CANCELLED:
        return
    extra = {"message": message} if message else {}
    for booking in live_bookings(session, event.id):
        if event.is_workshop:
            _workshop_changed(session, booking, now, cancelled=event.title, **extra)
        else:
            tell(session, BookingEmail.EVENT_CANCELLED, booking, now, **extra)


def live_bookings(session: Session, event_id: int) -> list[Booking]:
    """The event's bookings that hold a place or a place in the queue, oldest first."""
    return list(
        session.scalars(
            select(Booking)
            .where(Booking.event_id == event_id, Booking.status != BookingStatus.CANCELLED)
            .order_by(Booking.id)
        )
    )
