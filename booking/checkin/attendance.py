"""Attendance figures: per event, how many were booked, attended, did not come, walked in,
cancelled, and cancelled late; and per person, the events they did not come to. Each is one
statement, whatever the event's size."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.bookings.models import Booking, BookingStatus
from booking.checkin.models import CheckIn, live_check_in_of
from booking.core.errors import NotFound
from booking.core.sql import shifted
from booking.events.models import Event, EventStatus


@dataclass(frozen=True)
class Figures:
    booked: int  # confirmed places, walk-ins included
    attended: int
    no_shows: int | None  # None until the event has ended
    walk_ins: int
    cancellations: int  # places cancelled (not people leaving the waiting list)
    late_cancellations: int  # of those, cancelled within the late threshold of the start


def event_figures(
    session: Session, event: Event, *, now: datetime, late_within: timedelta
) -> Figures:
    """The event's attendance figures (``figures_by_event`` for the one event). Raises
    nothing."""
    return figures_by_event(session, Event.id == event.id, now=now, late_within=late_within)[
        event.id
    ]


def figures_by_event(
    session: Session,
    events: ColumnElement[bool],
    *,
    now: datetime,
    late_within: timedelta,
    people: ColumnElement[bool] | None = None,
) -> dict[int, Figures]:
    """The attendance figures of each event that meets ``events`` (a condition on Event), by
    event id, in one statement whatever their number. A late cancellation is a place cancelled
    less than ``late_within`` (BOOKING_LATE_CANCELLATION_HOURS) before the event starts, or
    after. No-shows are counted once the event has ended. ``people``, a condition on Booking,
    counts only the bookings it holds for (a report for one sector). Raises nothing."""
    confirmed = Booking.status == BookingStatus.CONFIRMED
    cancelled = and_(
        Booking.status == BookingStatus.CANCELLED, Booking.left_waiting_list.is_(False)
    )
    joined = (
        Booking.event_id == Event.id
        if people is None
        else and_(Booking.event_id == Event.id, people)
    )
    rows = session.execute(
        select(
            Event.id,
            Event.ends_at,
            func.count(Booking.id).filter(confirmed),
            func.count(CheckIn.id).filter(confirmed),
            func.count(Booking.id).filter(confirmed, Booking.walk_in.is_(True)),
            func.count(Booking.id).filter(cancelled),
            func.count(Booking.id).filter(
                cancelled, Booking.cancelled_at >= shifted(Event.starts_at, -late_within)
            ),
        )
        .select_from(Event)
        .outerjoin(Booking, joined)
        .outerjoin(CheckIn, live_check_in_of(Booking.id))
        .where(events)
        .group_by(Event.id, Event.ends_at)
    ).all()
    return {
        event_id: Figures(
            booked=booked,
            attended=attended,
            no_shows=booked - attended if ends_at <= now else None,
            walk_ins=walk_ins,
            cancellations=cancellations,
            late_cancellations=late,
        )
        for event_id, ends_at, booked, attended, walk_ins, cancellations, late in rows
    }


@dataclass(frozen=True)
class NoShow:
    event_id: int
    title: str
    starts_at: datetime
    ends_at: datetime


def no_show_history(session: Session, person_id: int, *, now: datetime) -> list[NoShow]:
    """The events the person had a place on and was not checked in at, once each ended (not
    cancelled events), newest first. Raises nothing."""
    checked_in = exists().where(live_check_in_of(Booking.id))
    rows = session.execute(
        select(Event.id, Event.title, Event.starts_at, Event.ends_at)
        .join(Booking, Booking.event_id == Event.id)
        .where(
            Booking.person_id == person_id,
            Booking.status == BookingStatus.CONFIRMED,
            Event.status == EventStatus.PUBLISHED,
            Event.ends_at <= now,
            ~checked_in,
        )
        .order_by(Event.starts_at.desc(), Event.id.desc())
    ).all()
    return [NoShow(*row) for row in rows]


@dataclass(frozen=True)
class PersonNoShows:
    person_id: int
    name: str
    organisation: str
    no_shows: list[NoShow]


def person_no_shows(session: Session, *, person_id: int, now: datetime) -> PersonNoShows:
    """The person, and their ``no_show_history``. Raises NotFound ("not_found")."""
    person = session.get(User, person_id)
    if person is None:
        raise NotFound("Person not found")
    organisation = person.organisation.name if person.organisation else ""
    history = no_show_history(session, person.id, now=now)
    return PersonNoShows(person.id, person.name, organisation, history)
