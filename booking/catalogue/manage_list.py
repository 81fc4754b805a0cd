"""The organisers' list of events: each with its booked, waiting and capacity figures, upcoming
and past apart, searchable by words of the title; read in one statement, whatever the number
of events (the figures are counted per row by the bookings' index)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from booking.bookings.models import BookingStatus
from booking.bookings.places import places_taken
from booking.core.formatting import search_words
from booking.events.models import Event


@dataclass(frozen=True)
class Figures:
    booked: int
    waiting: int
    capacity: int


@dataclass(frozen=True)
class ManagedEvents:
    upcoming: list[Event]  # soonest first
    past: list[Event]  # most recent first
    figures: dict[int, Figures]  # by event id, workshops included


def _found(event: Event, words: list[str]) -> bool:
    titles = " ".join([event.title, *(w.title for w in event.workshops)])
    held = search_words(titles)
    return all(any(have.startswith(word) for have in held) for word in words)


def managed_events(session: Session, *, now: datetime, search: str = "") -> ManagedEvents:
    """Every event, drafts included: those not over soonest first, those over most recent
    first, a conference with its workshops (by start); with ``search``, only events whose
    title (or a workshop's) has words starting with every word given. Raises nothing."""
    rows = session.execute(
        select(
            Event,
            places_taken(Event.id),
            places_taken(Event.id, BookingStatus.WAITLISTED),
        ).order_by(Event.starts_at, Event.id)
    ).all()
    figures = {
        event.id: Figures(booked, waiting, event.capacity) for event, booked, waiting in rows
    }
    events = [event for event, _booked, _waiting in rows]
    by_parent: dict[int, list[Event]] = {}
    for event in events:
        if event.parent_id is not None:
            by_parent.setdefault(event.parent_id, []).append(event)
    top = [event for event in events if event.parent_id is None]
    for event in top:  # loaded as read: listing workshops costs no statement more
        workshops = sorted(by_parent.get(event.id, []), key=lambda w: (w.starts_at, w.title))
        set_committed_value(event, "workshops", workshops)
        for workshop in workshops:
            set_committed_value(workshop, "parent", event)
    words = search_words(search)
    if words:
        top = [event for event in top if _found(event, words)]
    past = [event for event in top if event.ends_at <= now]
    upcoming = [event for event in top if event.ends_at > now]
    return ManagedEvents(upcoming, past[::-1], figures)
