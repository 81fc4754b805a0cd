"""The catalogue's hand-tuned SQL: a page of upcoming events with their confirmed places and
the number that match, in one statement whatever the filters.

Why it is hand-tuned: the catalogue is the most visited page, and ``GET /events`` has a guard
of 8x a bare Flask app's hello in ``make bench`` that it meets with little to spare (6.4-9.7x
on PostgreSQL across the recorded runs, docs/performance.md). So: plain rows of Core columns
(building ORM objects costs more than the database takes to find twenty events among
thousands), statements built once per shape of filters, LIMIT and OFFSET written into the SQL
so PostgreSQL plans the prepared statement once, and the status written as a literal so the
partial index ``ix_events_upcoming`` can be used (it took the statement from 1.36 to 0.76 ms
on PostgreSQL).
"""

import functools
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import (
    Integer,
    Row,
    Select,
    bindparam,
    case,
    func,
    intersect,
    literal_column,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.bookings.models import BookingStatus
from booking.bookings.places import places_taken
from booking.core.formatting import SearchQuery, month_bounds, search_bounds, search_query
from booking.events.models import (
    MAX_EVENT_LENGTH,
    Event,
    EventKind,
    EventStatus,
    event_search_terms,
    event_trainers,
)

MAX_SEARCH_WORDS = 8

# What a listing shows, and what the calendar feed and the API print: every column but the
# description, and what ``events.rules.booking_state`` reads (a listed event has no
# conference). Read as plain rows of Core columns, not ORM objects, which cost more to build
# than the database takes to find them.
_events = Event.__table__
_event = _events.c  # its columns, as in _event.starts_at
LISTED_COLUMNS = (
    *(
        _event[name]
        for name in (
            "id",
            "kind",
            "status",
            "title",
            "summary",
            "audience",
            "programme",
            "venue",
            "online_url",
            "starts_at",
            "ends_at",
            "capacity",
            "booking_opens_at",
            "booking_closes_at",
            "cpd_hours",
            "sequence",
            "updated_at",
        )
    ),
    null().label("parent_status"),
)


@dataclass(frozen=True)
class _Shape:
    """Which filters are given: statements are built once per shape, with bound values."""

    kind: bool
    audience: bool
    programme: bool
    month: bool
    words: int
    cancelled: bool = False

    @classmethod
    def of(cls, filters, cancelled: bool = False) -> "_Shape":
        return cls(
            bool(filters.kind),
            bool(filters.audience),
            bool(filters.programme),
            bool(filters.month),
            len(searched(filters).words),
            cancelled,
        )


def searched(filters) -> SearchQuery:
    """The words searched for, folded as events' search terms are (``search_query``): "CAFÉ"
    looks for "cafe", "E-safety" for "esafety"; a word of punctuation alone looks for nothing."""
    return search_query(" ".join(filters.words), max_words=MAX_SEARCH_WORDS)


# Literals, not bound values: PostgreSQL and SQLite use the partial index of upcoming events
# (ix_events_upcoming) only when the statement itself shows the index's condition.
_PUBLISHED = literal_column(f"'{EventStatus.PUBLISHED.value}'")
_CANCELLED = literal_column(f"'{EventStatus.CANCELLED.value}'")
_CONFERENCE = literal_column(f"'{EventKind.CONFERENCE.value}'")


def _filtered(query: Select, shape: _Shape) -> Select:
    """The query narrowed to upcoming published events (not workshops) matching the filters,
    whose values are bound when the statement runs (see ``_values``); cancelled ones too when
    the shape says so."""
    published = _event.status == _PUBLISHED
    query = query.where(
        or_(published, _event.status == _CANCELLED) if shape.cancelled else published,
        _event.starts_at > bindparam("recent"),  # lets the index skip long-past events
        _event.ends_at > bindparam("now"),
        _event.parent_id.is_(None),
    )
    if shape.kind:
        query = query.where(_event.kind == bindparam("kind", type_=_event.kind.type))
    if shape.audience:
        query = query.where(_event.audience == bindparam("audience"))
    if shape.programme:
        query = query.where(_event.programme == bindparam("programme"))
    if shape.month:
        query = query.where(
            _event.starts_at >= bindparam("month_start"), _event.starts_at < bindparam("month_end")
        )
    if shape.words:
        query = query.where(_found(shape))
    return query


# Search reads the index of terms (``events.models.event_search_terms``): matching the
# words against a folded key of every upcoming event and its workshops with LIKE '% word%'
# scanned them all, 21x hello in ``make bench`` (4.7 ms on SQLite, 6.9 ms on PostgreSQL, where
# the unfiltered catalogue took 1.6 ms); a range of terms on a B-tree finds the events a word
# names, and the same bench measured 6.3x on SQLite (2.1 ms) and 10.1x on PostgreSQL (3.5 ms,
# on a loaded machine; the catalogue 5.8x) before the words' sets were joined into one and
# counted by a window, which took PostgreSQL's statement from 1.0-1.3 to 0.7-1.0 ms. A
# published workshop's terms are filed under its conference too, so a conference is found
# when each word is in its own texts or a published workshop's ("conference sexting").
_terms = event_search_terms.c
_workshop = _events.alias("workshop").c


def _bounds(name: str) -> tuple:
    return bindparam(f"{name}_from"), bindparam(f"{name}_to")


def _word(number: int) -> tuple:
    return _bounds(f"word_{number}")


_JOINED = _bounds("joined")


def _found(shape: _Shape):
    """Every word searched for starts a term filed under the event (its own or, for a
    conference, a published workshop's), in any order; or, for two words or more, the words
    joined do ("e safety" finds "esafety"). One set of events, so each is tested once."""
    return _event.id.in_(_filed_under(shape))


def _filed_under(shape: _Shape) -> Select:
    """The events filed under every word's terms, and under the joined words'."""
    words = [_filed(_word(number)) for number in range(shape.words)]
    if shape.words == 1:
        return words[0]
    every_word = intersect(*words).subquery("every_word")
    return select(every_word.c.event_id).union(_filed(_JOINED))


def _term_in(bounds: tuple):
    return _terms.term.between(*bounds)


def _filed(bounds: tuple) -> Select:
    return select(_terms.event_id).where(_term_in(bounds))


def _published_workshops(*conditions) -> Select:
    return (
        select(_workshop.title)
        .where(_workshop.parent_id == _event.id, _workshop.status == _PUBLISHED, *conditions)
        .correlate(_events)
    )


def _named_workshop(shape: _Shape):
    """The title of the published workshop that holds the most of the words searched for
    (the first by time among equals), to name beside the conference; None when none holds any."""
    bounds = [_word(number) for number in range(shape.words)] + [_JOINED] * (shape.words > 1)
    holds = [
        select(_terms.term).where(_terms.source_id == _workshop.id, _term_in(b)).exists()
        for b in bounds
    ]
    held = sum((case((word, 1), else_=0) for word in holds), literal_column("0"))
    return (
        _published_workshops(or_(*holds))
        .order_by(held.desc(), _workshop.starts_at, _workshop.id)
        .limit(1)
        .scalar_subquery()
    )


def _values(filters, now: datetime) -> dict:
    """The bound values for ``_filtered``'s statement of the filters' shape."""
    values = {"recent": now - MAX_EVENT_LENGTH, "now": now}
    if filters.kind:
        values["kind"] = filters.kind
    if filters.audience:
        values["audience"] = filters.audience
    if filters.programme:
        values["programme"] = filters.programme
    if filters.month:
        values["month_start"], values["month_end"] = month_bounds(*filters.month)
    query = searched(filters)
    for number, word in enumerate(query.words):
        values[f"word_{number}_from"], values[f"word_{number}_to"] = search_bounds(word)
    if len(query.words) > 1:
        values["joined_from"], values["joined_to"] = search_bounds(query.joined)
    return values


@functools.cache
def _count_statement(shape: _Shape) -> Select:
    """How many events match; built once per shape (composing costs more than running it)."""
    return _filtered(select(func.count()).select_from(_events), shape)


@functools.cache
def _page_statement(shape: _Shape) -> Select:
    """A page of matching events with their confirmed places and the number that match."""
    if shape.words:
        return _searched_page_statement(shape)
    total = _count_statement(shape).correlate(None).scalar_subquery()  # all matching events
    columns = (*LISTED_COLUMNS, places_taken(_event.id), total.label("total"))
    return _paged(_filtered(select(*columns, null().label("matched_workshop")), shape))


def _paged(query: Select) -> Select:
    return (
        query.order_by(_event.starts_at, _event.id)
        # Written into the SQL rather than bound: knowing them, PostgreSQL plans the
        # prepared statement once instead of on every run.
        .limit(bindparam("limit", type_=Integer, literal_execute=True))
        .offset(bindparam("offset", type_=Integer, literal_execute=True))
    )


def _searched_page_statement(shape: _Shape) -> Select:
    """The page of a search: the matching events are found once, counted as they are (a
    window), and only the page's are read whole, with their places and workshop."""
    matching = _filtered(select(_event.id, func.count().over().label("total")), shape)
    page = _paged(matching).subquery("page")
    columns = (*LISTED_COLUMNS, places_taken(_event.id), page.c.total)
    return (
        select(*columns, _named_workshop(shape).label("matched_workshop"))
        .join_from(_events, page, page.c.id == _event.id)
        .order_by(_event.starts_at, _event.id)
    )


def listed_rows(
    session: Session, filters, *, now: datetime, page: int, per_page: int, include_cancelled: bool
) -> tuple[list[Row], int | None]:
    """The rows of a page of events matching the filters (``catalogue.CatalogueFilters``),
    each with LISTED_COLUMNS, ``confirmed``, ``total`` and ``matched_workshop`` (the title of
    the first workshop a search found the event by, or None), soonest first; and, when the page
    has no rows, how many events match (None when it has rows: read ``total``)."""
    values = _values(filters, now)
    shape = _Shape.of(filters, include_cancelled)
    connection = session.connection()  # plain rows: none of the ORM's bookkeeping
    rows = connection.execute(
        _page_statement(shape), {**values, "limit": per_page, "offset": (page - 1) * per_page}
    ).all()
    if rows:
        return rows, None
    return rows, connection.scalar(_count_statement(shape), values)


def audiences_and_programmes(session: Session, filters, *, now: datetime) -> list[Row]:
    """The (audience, programme) pairs of the events matching the filters."""
    return session.execute(
        _filtered(select(_event.audience, _event.programme), _Shape.of(filters)).distinct(),
        _values(filters, now),
    ).all()


# An event's page. Hand-tuned for the same reason as the catalogue (``GET /events/<id>`` has
# the same 8x guard, and measured 3.0-7.4x on PostgreSQL): one statement reads the event, its
# places, its conference's status and its trainers, where loading an ORM Event, then its
# trainers, then its places took three.


@dataclass(frozen=True, slots=True)
class PageEvent:
    """An event as its page shows it: plain values read in one statement, not an ORM object
    (loading one, then its trainers, then its places took three statements)."""

    id: int
    parent_id: int | None
    kind: EventKind
    status: EventStatus
    title: str
    summary: str
    description: str
    audience: str
    programme: str
    venue: str
    online_url: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booking_opens_at: datetime | None
    booking_closes_at: datetime | None
    cpd_hours: Decimal | None
    parent_status: EventStatus | None = None
    trainers: tuple[str, ...] = ()  # their names, in alphabetical order

    @property
    def is_conference(self) -> bool:
        return self.kind == EventKind.CONFERENCE


# Core columns, not ORM attributes: an ORM statement costs more in Python to run.
_parent = _events.alias("parent").c
_trainer = User.__table__.c
_DETAILS = tuple(
    _event[name]
    for name in PageEvent.__dataclass_fields__
    if name not in ("parent_status", "trainers")
)
_COUNTS = (places_taken(_event.id), places_taken(_event.id, BookingStatus.WAITLISTED))

# Built once: composing a statement costs more than the database takes to run it.
_EVENT_WITH_TRAINERS = (
    select(
        *_DETAILS,
        *_COUNTS,
        select(_parent.status)
        .where(_parent.id == _event.parent_id)
        .scalar_subquery()
        .label("parent_status"),
        _trainer.name.label("trainer"),
    )
    .select_from(
        Event.__table__.outerjoin(event_trainers, event_trainers.c.event_id == _event.id).outerjoin(
            User.__table__, _trainer.id == event_trainers.c.user_id
        )
    )
    .where(_event.id == bindparam("event_id"))
    .order_by(_trainer.name, _trainer.id)
)
_WORKSHOPS = (
    select(*_DETAILS, *_COUNTS)
    .where(_event.parent_id == bindparam("event_id"))
    .order_by(_event.starts_at, _event.title)
)


class PageRow(NamedTuple):
    """An event read for its page, with its confirmed and waiting places."""

    event: PageEvent
    confirmed: int
    waitlisted: int


def page_rows(session: Session, event_id: int) -> list[PageRow]:
    """The event (first) and, for a conference, its workshops; none for an unknown id."""
    rows = session.execute(_EVENT_WITH_TRAINERS, {"event_id": event_id}).all()
    if not rows:
        return []
    top = rows[0]
    trainers = tuple(row.trainer for row in rows if row.trainer is not None)
    event = PageEvent(*top[: len(_DETAILS)], parent_status=top.parent_status, trainers=trainers)
    found = [PageRow(event, top.confirmed, top.waitlisted)]
    if event.is_conference:
        workshops = session.execute(_WORKSHOPS, {"event_id": event_id})
        found += [
            PageRow(
                PageEvent(*row[: len(_DETAILS)], parent_status=event.status),
                row.confirmed,
                row.waitlisted,
            )
            for row in workshops
        ]
    return found
