"""When a person's training lapses, and the one email that prompts them to renew it.

A course can say its training stays current for N years (``Event.current_for_years``): a
person's attendance (a live check-in) of it lapses N years after the event ended. Only the
latest attendance of a course (by title) counts: coming again renews it.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.accounts.services import addressee
from booking.bookings.models import Booking, BookingStatus
from booking.checkin.models import CheckIn, live_check_in_of
from booking.events.models import Event, EventStatus
from booking.outbox.queue import enqueue_once
from booking.reports.emails import ReportEmail, course_key

PROMPT_BEFORE = timedelta(days=60)  # "two months before"


def lapses_on(ended_at: datetime, years: int) -> datetime:
    """The moment training of an event that ended then, current for ``years``, lapses (29
    February lapses on 28 February)."""
    try:
        return ended_at.replace(year=ended_at.year + years)
    except ValueError:
        return ended_at.replace(year=ended_at.year + years, day=28)


@dataclass(frozen=True)
class Lapse:
    """A person's latest attendance of a course, and when it lapses."""

    person_id: int
    person_name: str
    title: str
    attended: datetime  # the event's start
    lapses_on: datetime


def training_lapses(session: Session, *, organisation_id: int | None = None) -> list[Lapse]:
    """Each person's latest attendance of each course that stays current for a time, with its
    lapse date, soonest lapse first; of one organisation's people when ``organisation_id``.
    Closed accounts are left out. Raises nothing."""
    query = (
        select(
            User.id, User.name, Event.title, Event.starts_at, Event.ends_at, Event.current_for_years
        )
        .join(Booking, Booking.person_id == User.id)
        .join(Event, Event.id == Booking.event_id)
        .join(CheckIn, live_check_in_of(Booking.id))
        .where(
            Event.current_for_years.is_not(None),
            Event.status == EventStatus.PUBLISHED,
            Booking.status == BookingStatus.CONFIRMED,
            User.closed_at.is_(None),
        )
        .order_by(Event.ends_at)
    )
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    latest: dict[tuple[int, str], Lapse] = {}
    for person_id, name, title, starts_at, ends_at, years in session.execute(query):
        latest[(person_id, course_key(title))] = Lapse(
            person_id, name, title, starts_at, lapses_on(ends_at, years)
        )
    return sorted(latest.values(), key=lambda lapse: (lapse.lapses_on, lapse.person_name))


def schedule_refresher_prompts(session: Session, *, now: datetime) -> int:
    """Queue one email to each person whose training lapses within ``PROMPT_BEFORE`` (and has
    not lapsed yet), listing the course's upcoming dates when it is sent (``reports.emails``);
    not to people who
    switched refresher prompts off. Once per person, course title and lapse date, however often
    and on however many machines it runs (an idempotency key decides). Returns how many were
    queued now. Raises nothing."""
    due = [
        lapse
        for lapse in training_lapses(session)
        if lapse.lapses_on - PROMPT_BEFORE <= now < lapse.lapses_on
    ]
    if not due:
        return 0
    people = {
        person.id: person
        for person in session.scalars(
            select(User).where(
                User.id.in_({lapse.person_id for lapse in due}), User.refresher_prompts.is_(True)
            )
        )
    }
    queued = 0
    for lapse in due:
        if lapse.person_id in people:
            queued += enqueue_once(
                session,
                ReportEmail.REFRESHER_PROMPT,
                addressee(people[lapse.person_id]),
                key=_key(lapse),
                now=now,
                payload={"title": lapse.title, "lapses_on": lapse.lapses_on.isoformat()},
            )
    return queued


def _key(lapse: Lapse) -> str:
    """Once per person, course title (any case) and lapse date; the title hashed, to fit."""
    title = hashlib.sha256(lapse.title.casefold().encode()).hexdigest()[:16]
    return f"refresher:{lapse.person_id}:{title}:{lapse.lapses_on:%Y%m%d}"
