"""Finding events: the filtered, paginated catalogue (one event's page is in event_view)."""

import functools
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, Row, Select, String, bindparam, func, literal_column, or_, select
from sqlalchemy.orm import Session

from booking.formatting import LONDON, without_control_characters
from booking.models import Event, EventKind, EventStatus
from booking.models.event import MAX_EVENT_LENGTH
from booking.services.events import places_taken

PER_PAGE = 20
MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class CatalogueFilters:
    """What a person narrows the catalogue by; every field is optional."""

    kind: EventKind | None = None
    audience: str = ""
    programme: str = ""
    month: tuple[int, int] | None = None  # (year, month) in Europe/London
    words: tuple[str, ...] = ()


# What a listing shows, and what the calendar feed and the API print: every column but the
# description and the booking window. Read as plain rows of Core columns, not ORM objects,
# which cost more to build than the database takes to find them.
_events = Event.__table__
_event = _events.c  # its columns, as in _event.starts_at
LISTED_COLUMNS = tuple(
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
        "cpd_hours",
        "sequence",
        "updated_at",
    )
)


@dataclass(frozen=True)
class Listing:
    """One event in the catalogue: ``event`` has the attributes of LISTED_COLUMNS."""

    event: Row
    places_left: int


@dataclass(frozen=True)
class CataloguePage:
    listings: list[Listing]
    total: int
    page: int
    pages: int


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
    def of(cls, filters: "CatalogueFilters", cancelled: bool = False) -> "_Shape":
        words = min(len(filters.words), MAX_SEARCH_WORDS)
        return cls(
            bool(filters.kind),
            bool(filters.audience),
            bool(filters.programme),
            bool(filters.month),
            words,
            cancelled,
        )


# Literals, not bound values: PostgreSQL and SQLite use the partial index of upcoming events
# (ix_events_upcoming) only when the statement itself shows the index's condition.
_PUBLISHED = literal_column(f"'{EventStatus.PUBLISHED.value}'")
_CANCELLED = literal_column(f"'{EventStatus.CANCELLED.value}'")


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
    for number in range(shape.words):
        pattern = bindparam(f"word_{number}", type_=String)
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in _SEARCHED)))
    return query


_SEARCHED = (_event.title, _event.summary, _event.description, _event.venue)


def _values(filters: "CatalogueFilters", now: datetime) -> dict:
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
    for number, word in enumerate(filters.words[:MAX_SEARCH_WORDS]):
        values[f"word_{number}"] = f"%{_escape_like(word)}%"
    return values


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The first instant of the month and of the next, Europe/London, as aware datetimes."""
    start = datetime(year, month, 1, tzinfo=LONDON)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def list_events(
    session: Session,
    filters: CatalogueFilters,
    *,
    now: datetime,
    page: int = 1,
    per_page: int = PER_PAGE,
    include_cancelled: bool = False,
) -> CataloguePage:
    """Upcoming published events (not workshops) matching the filters, soonest first; with
    ``include_cancelled``, upcoming cancelled ones too (a calendar feed must say they are off).

    One statement whatever the page size: the page's events, each with its confirmed places,
    and the number of matching events (counted exactly, every time). A page past the end
    shows the last page (one more statement).
    """
    values = _values(filters, now)
    shape = _Shape.of(filters, include_cancelled)
    page = max(page, 1)
    connection = session.connection()  # plain rows: none of the ORM's bookkeeping
    rows = connection.execute(
        _page_statement(shape), {**values, "limit": per_page, "offset": (page - 1) * per_page}
    ).all()
    if rows:
        total = rows[0].total
    else:  # no rows: nothing matches, or the page is past the end
        total = connection.scalar(_count_statement(shape), values)
        if total and page > 1:
            last = math.ceil(total / per_page)
            return list_events(
                session,
                filters,
                now=now,
                page=last,
                per_page=per_page,
                include_cancelled=include_cancelled,
            )
    listings = [Listing(row, max(row.capacity - row.confirmed, 0)) for row in rows]
    return CataloguePage(listings, total, page if rows else 1, max(math.ceil(total / per_page), 1))


@functools.cache
def _count_statement(shape: _Shape) -> Select:
    """How many events match; built once per shape (composing costs more than running it)."""
    return _filtered(select(func.count()).select_from(_events), shape)


@functools.cache
def _page_statement(shape: _Shape) -> Select:
    """A page of matching events with their confirmed places and the number that match."""
    total = _count_statement(shape).correlate(None).scalar_subquery()  # all matching events
    return (
        _filtered(select(*LISTED_COLUMNS, places_taken(_event.id), total.label("total")), shape)
        .order_by(_event.starts_at, _event.id)
        # Written into the SQL rather than bound: knowing them, PostgreSQL plans the
        # prepared statement once instead of on every run.
        .limit(bindparam("limit", type_=Integer, literal_execute=True))
        .offset(bindparam("offset", type_=Integer, literal_execute=True))
    )


def filter_choices(session: Session, *, now: datetime) -> dict[str, list[str]]:
    """The audiences and programmes of upcoming published events, for the filter form."""
    everything = CatalogueFilters()
    pairs = session.execute(
        _filtered(select(_event.audience, _event.programme), _Shape.of(everything)).distinct(),
        _values(everything, now),
    ).all()
    return {
        "audience": sorted({audience for audience, _ in pairs if audience}),
        "programme": sorted({programme for _, programme in pairs if programme}),
    }


__all__ = [
    "CatalogueFilters",
    "CataloguePage",
    "Listing",
    "filter_choices",
    "list_events",
]


MAX_QUERY_LENGTH = 200
_PARAMETERS = ("kind", "audience", "programme", "month", "q", "page")


def parse_filters(params) -> tuple[CatalogueFilters, int, dict[str, str]]:
    """Filters and page number from query parameters (kind, audience, programme, month, q, page).

    Returns the filters, the page and an error message per parameter that could not be read;
    unreadable parameters are left out of the filters.
    """
    params = {key: without_control_characters(params.get(key) or "") for key in _PARAMETERS}
    errors: dict[str, str] = {}
    kind = None
    if params.get("kind"):
        try:
            kind = EventKind(params["kind"])
        except ValueError:
            errors["kind"] = "Choose a type of event from the list"
    month = None
    if params.get("month"):
        month = _parse_month(params["month"])
        if month is None:
            errors["month"] = "Choose a month from the list"
    words = params.get("q", "")
    if len(words) > MAX_QUERY_LENGTH:
        errors["q"] = f"Search words must be {MAX_QUERY_LENGTH} characters or fewer"
        words = ""
    page = 1
    if params.get("page"):
        raw = params["page"]
        if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 and int(raw) > 0:
            page = int(raw)
        else:
            errors["page"] = "Page must be a whole number from 1 upwards, like 2"
    filters = CatalogueFilters(
        kind=kind,
        audience=params.get("audience", "")[:120],
        programme=params.get("programme", "")[:120],
        month=month,
        words=tuple(words.split()),
    )
    return filters, page, errors


def filter_query(params) -> dict[str, str]:
    """The filter parameters that were given, to repeat in links (pages, calendar feed)."""
    return {key: params[key] for key in _PARAMETERS if key != "page" and params.get(key)}


def _parse_month(value: str) -> tuple[int, int] | None:
    parts = value.split("-")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    year, month = int(parts[0]), int(parts[1])
    if len(parts[0]) != 4 or not 2000 <= year <= 2100 or not 1 <= month <= 12:
        return None
    return year, month


def upcoming_months(now: datetime, count: int = 12) -> list[tuple[int, int]]:
    """This month and the next ones, for the month filter."""
    current = now.astimezone(LONDON)
    year, month = current.year, current.month
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
