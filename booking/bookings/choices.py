"""What a delegate has chosen at a conference, as their ticket, calendar entry and emails list
it (choosing is ``workshops.choose_workshops``)."""

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from booking.bookings.models import Booking, BookingStatus
from booking.core.formatting import time_of_day
from booking.events.models import Event, EventStatus


class Timed(Protocol):
    starts_at: datetime
    ends_at: datetime
    title: str


def overlap(one: Timed, other: Timed) -> bool:
    """Whether two workshops share any moment (one ending as the other starts do not)."""
    return one.starts_at < other.ends_at and other.starts_at < one.ends_at


def clashing(session: Session, booking: Booking) -> list[Booking]:
    """The person's other live bookings on the conference's workshops (not cancelled ones)
    at a time that overlaps this workshop booking's: none, unless the organisers moved one."""
    return [
        held
        for held in live_workshop_bookings(session, booking.event.parent_id, booking.person_id)
        if held.id != booking.id
        and held.event.status != EventStatus.CANCELLED
        and overlap(held.event, booking.event)
    ]


def live_workshop_bookings(session: Session, conference_id: int, person_id: int) -> list[Booking]:
    """The person's live bookings on the conference's workshops, earliest first, as stored now
    (the session's copies are refreshed: a caller holding the conference's lock decides on
    them, whatever an earlier read in the same session saw)."""
    return list(
        session.scalars(
            select(Booking)
            .join(Event, Event.id == Booking.event_id)
            .where(
                Event.parent_id == conference_id,
                Booking.person_id == person_id,
                Booking.status != BookingStatus.CANCELLED,
            )
            .order_by(Event.starts_at, Event.title)
            .options(contains_eager(Booking.event))
            .execution_options(populate_existing=True)
        )
    )


def chosen_workshops(session: Session, booking: Booking) -> list[Booking]:
    """The workshops a conference booking's holder chose and that still take place (none for
    other bookings, or once the conference place is cancelled)."""
    if not booking.event.is_conference or not booking.is_live:
        return []
    bookings = live_workshop_bookings(session, booking.event_id, booking.person_id)
    return [b for b in bookings if b.event.status != EventStatus.CANCELLED]


def conference_booking_of(session: Session, workshop_booking: Booking) -> Booking | None:
    """The conference booking of the person holding a workshop booking."""
    return session.scalars(
        select(Booking).where(
            Booking.event_id == workshop_booking.event.parent_id,
            Booking.person_id == workshop_booking.person_id,
        )
    ).one_or_none()


def choice_line(booking: Booking) -> str:
    """How a chosen workshop reads: "10:30am to midday: Title"."""
    event = booking.event
    return f"{time_of_day(event.starts_at)} to {time_of_day(event.ends_at)}: {event.title}"


def describe_choices(workshops: Sequence[Booking]) -> list[str]:
    """Each workshop chosen as a line (``choice_line``), "(waiting list)" after it for one the
    person is queueing for."""
    return [
        choice_line(booking)
        + (" (waiting list)" if booking.status == BookingStatus.WAITLISTED else "")
        for booking in workshops
    ]
