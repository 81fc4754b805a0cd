"""A trainer's or organiser's events, for "Your events": today's first, then the upcoming ones,
then the recent past, each with how many are booked and checked in; a conference's workshops
under it. The events and all their counts come in one statement."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from booking.accounts.models import Role
from booking.bookings.models import Booking, BookingStatus
from booking.checkin.access import trained_event_ids
from booking.checkin.models import CheckIn, live_check_in_of
from booking.core.formatting import local
from booking.events.models import Event, EventStatus

UPCOMING = timedelta(days=60)  # how far ahead "Upcoming" looks
RECENT = timedelta(days=30)  # how far back "Recent" looks


@dataclass
class YourEvent:
    """One event of the list, with its counts (``DoorCount``'s numbers) and, for a conference,
    its workshops; ``conference_title`` names the conference of a workshop listed alone."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    booked: int
    checked_in: int
    conference_title: str | None = None
    workshops: list["YourEvent"] = field(default_factory=list)

    @property
    def count_text(self) -> str:
        return f"{self.booked} booked, {self.checked_in} checked in"


@dataclass(frozen=True)
class YourEvents:
    today: list[YourEvent]
    upcoming: list[YourEvent]
    recent: list[YourEvent]

    @property
    def empty(self) -> bool:
        return not (self.today or self.upcoming or self.recent)


def your_events(session: Session, *, person_id: int, role: Role, now: datetime) -> YourEvents:
    """The published events whose doors the person works (``access.works_door``: organisers
    all, trainers those they train on, a conference's trainers its workshops too) running
    today, starting in the next UPCOMING, or ended in the last RECENT. Today's and upcoming
    events by start, recent ones latest first. Raises nothing."""
    rows = _listed(session, person_id=person_id, role=role, now=now)
    listed = {row.id: row for row in rows}
    top = []
    for row in rows:
        parent_id = row.parent_id
        if parent_id in listed:
            listed[parent_id].workshops.append(row)
        else:
            top.append(row)
    today = local(now).date()
    return YourEvents(
        today=[e for e in top if local(e.starts_at).date() <= today <= local(e.ends_at).date()],
        upcoming=[e for e in top if local(e.starts_at).date() > today],
        recent=[e for e in reversed(top) if local(e.ends_at).date() < today],
    )


@dataclass
class _Row(YourEvent):
    parent_id: int | None = None


def _listed(session: Session, *, person_id: int, role: Role, now: datetime) -> list[_Row]:
    counts = (
        select(
            Booking.event_id,
            func.count(Booking.id).label("booked"),
            func.count(CheckIn.id).label("checked_in"),
        )
        .outerjoin(CheckIn, live_check_in_of(Booking.id))
        .where(Booking.status == BookingStatus.CONFIRMED)
        .group_by(Booking.event_id)
        .subquery()
    )
    parent = aliased(Event)
    query = (
        select(
            Event.id,
            Event.title,
            Event.starts_at,
            Event.ends_at,
            Event.venue,
            func.coalesce(counts.c.booked, 0),
            func.coalesce(counts.c.checked_in, 0),
            Event.parent_id,
            parent.title,
        )
        .outerjoin(counts, counts.c.event_id == Event.id)
        .outerjoin(parent, parent.id == Event.parent_id)
        .where(
            Event.status == EventStatus.PUBLISHED,
            or_(Event.parent_id.is_(None), parent.status == EventStatus.PUBLISHED),
            Event.ends_at >= now - RECENT,
            Event.starts_at <= now + UPCOMING,
        )
        .order_by(Event.starts_at, Event.title, Event.id)
    )
    if role != Role.ORGANISER:
        query = query.where(trained_event_ids(person_id))
    return [
        _Row(
            id=row[0],
            title=row[1],
            starts_at=row[2],
            ends_at=row[3],
            venue=row[4],
            booked=row[5],
            checked_in=row[6],
            parent_id=row[7],
            conference_title=row[8],
        )
        for row in session.execute(query)
    ]
