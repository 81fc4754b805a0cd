"""Counting places: the confirmed places and waiting-list places an event holds, and a
person's position in the queue. (What is left of the capacity is ``events.rules.places_left``.)"""

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label

from booking.bookings.models import Booking, BookingStatus


def places_taken(event_id, status: BookingStatus = BookingStatus.CONFIRMED) -> Label:
    """The number of the event's bookings in this status, as a column named after the status
    (``confirmed``, ``waitlisted``) to select alongside others: ``event_id`` is an id or a
    column (then counted per row, by the same index)."""
    bookings = Booking.__table__  # Core columns: an ORM attribute would make every
    return (  # statement holding the count an ORM statement, which costs more to run
        select(func.count())
        .where(bookings.c.event_id == event_id, bookings.c.status == status)
        .scalar_subquery()
        .label(status.value)
    )


def confirmed_places(session: Session, event_id: int) -> int:
    """How many confirmed places the event has."""
    return session.scalar(select(places_taken(event_id)))


def waitlist_position(session: Session, booking: Booking) -> int | None:
    """1 for the head of the waiting list; None when the booking is not waiting."""
    if booking.status != BookingStatus.WAITLISTED:
        return None
    ahead = session.scalar(
        select(func.count()).where(
            Booking.event_id == booking.event_id,
            Booking.status == BookingStatus.WAITLISTED,
            or_(
                Booking.queued_at < booking.queued_at,
                and_(Booking.queued_at == booking.queued_at, Booking.id < booking.id),
            ),
        )
    )
    return ahead + 1
