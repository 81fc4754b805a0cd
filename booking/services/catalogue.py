"""Finding events: the filtered, paginated catalogue and what a viewer sees on an event."""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from booking.formatting import LONDON, without_control_characters
from booking.models import Booking, BookingStatus, Event, EventKind, EventStatus
from booking.models.event import MAX_EVENT_LENGTH
from booking.services.bookings import waitlist_position
from booking.services.events import (
    PlaceCounts,
    booking_closes_at,
    place_counts,
    places_taken,
)

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


@dataclass(frozen=True)
class Listing:
    event: Event
    places_left: int


@dataclass(frozen=True)
class CataloguePage:
    listings: list[Listing]
    total: int
    page: int
    pages: int


def _filtered(query: Select, filters: CatalogueFilters, now: datetime) -> Select:
    query = query.where(
        Event.status == EventStatus.PUBLISHED,
        Event.starts_at > now - MAX_EVENT_LENGTH,  # lets the index skip long-past events
        Event.ends_at > now,
        Event.parent_id.is_(None),
    )
    if filters.kind:
        query = query.where(Event.kind == filters.kind)
    if filters.audience:
        query = query.where(Event.audience == filters.audience)
    if filters.programme:
        query = query.where(Event.programme == filters.programme)
    if filters.month:
        start, end = month_bounds(*filters.month)
        query = query.where(Event.starts_at >= start, Event.starts_at < end)
    for word in filters.words[:MAX_SEARCH_WORDS]:
        pattern = f"%{_escape_like(word)}%"
        query = query.where(
            or_(
                Event.title.ilike(pattern, escape="\\"),
                Event.summary.ilike(pattern, escape="\\"),
                Event.description.ilike(pattern, escape="\\"),
                Event.venue.ilike(pattern, escape="\\"),
            )
        )
    return query


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
) -> CataloguePage:
    """Upcoming published events (not workshops) matching the filters, soonest first.

    One statement whatever the page size: the page's events, each with its confirmed places,
    and the number of matching events. A page past the end shows the last page (one more).
    """
    rows = _page_rows(session, filters, now, page, per_page)
    if rows:
        total = rows[0].total
    else:  # no rows: nothing matches, or the page is past the end
        total = session.scalar(_filtered(select(func.count()).select_from(Event), filters, now))
        if total and page > 1:
            return list_events(session, filters, now=now, page=math.ceil(total / per_page))
    listings = [Listing(row.Event, max(row.Event.capacity - row.confirmed, 0)) for row in rows]
    return CataloguePage(listings, total, page if rows else 1, max(math.ceil(total / per_page), 1))


def _page_rows(
    session: Session, filters: CatalogueFilters, now: datetime, page: int, per_page: int
) -> list[Row]:
    total = (
        _filtered(select(func.count()).select_from(Event), filters, now)
        .correlate(None)  # counts all matching events, not the row's
        .scalar_subquery()
    )
    return session.execute(
        _filtered(select(Event, places_taken(Event.id), total.label("total")), filters, now)
        .order_by(Event.starts_at, Event.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    ).all()


def filter_choices(session: Session, *, now: datetime) -> dict[str, list[str]]:
    """The audiences and programmes of upcoming published events, for the filter form."""
    pairs = session.execute(
        _filtered(select(Event.audience, Event.programme), CatalogueFilters(), now).distinct()
    ).all()
    return {
        "audience": sorted({audience for audience, _ in pairs if audience}),
        "programme": sorted({programme for _, programme in pairs if programme}),
    }


class BookingState(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    FULL = "full"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    DRAFT = "draft"
    BOOKED = "booked"
    WAITLISTED = "waitlisted"


@dataclass
class EventView:
    """An event as one viewer sees it."""

    event: Event
    places_left: int
    waiting: int
    state: BookingState
    booking: Booking | None = None
    position: int | None = None
    workshops: list["EventView"] = field(default_factory=list)


def view_event(
    session: Session, event: Event, *, viewer_id: int | None, now: datetime
) -> EventView:
    """The event's places, the viewer's booking and state; a conference's workshops too."""
    workshops = event.workshops if event.is_conference else []  # no query for other kinds
    events = [event, *workshops]
    counts = place_counts(session, [e.id for e in events])
    mine = _viewer_bookings(session, [e.id for e in events], viewer_id)
    views = {e.id: _build_view(session, e, counts[e.id], mine.get(e.id), now) for e in events}
    top = views[event.id]
    top.workshops = [views[w.id] for w in workshops]
    return top


def _viewer_bookings(session: Session, event_ids: list[int], viewer_id: int | None):
    if viewer_id is None:
        return {}
    bookings = session.scalars(
        select(Booking).where(
            Booking.event_id.in_(event_ids),
            Booking.person_id == viewer_id,
            Booking.status != BookingStatus.CANCELLED,
        )
    )
    return {booking.event_id: booking for booking in bookings}


def _build_view(
    session: Session, event: Event, counts: PlaceCounts, booking: Booking | None, now: datetime
) -> EventView:
    left = max(event.capacity - counts.confirmed, 0)
    view = EventView(event, left, counts.waitlisted, _state(event, left, booking, now), booking)
    if booking is not None and booking.status == BookingStatus.WAITLISTED:
        view.position = waitlist_position(session, booking)
    return view


def _state(event: Event, left: int, booking: Booking | None, now: datetime) -> BookingState:
    if event.status == EventStatus.CANCELLED:
        return BookingState.CANCELLED
    if event.status == EventStatus.DRAFT:
        return BookingState.DRAFT
    if booking is not None:
        if booking.status == BookingStatus.CONFIRMED:
            return BookingState.BOOKED
        return BookingState.WAITLISTED
    if now >= booking_closes_at(event):
        return BookingState.CLOSED
    if event.booking_opens_at and now < event.booking_opens_at:
        return BookingState.NOT_YET_OPEN
    return BookingState.OPEN if left > 0 else BookingState.FULL


__all__ = [
    "BookingState",
    "CatalogueFilters",
    "CataloguePage",
    "EventView",
    "Listing",
    "filter_choices",
    "list_events",
    "view_event",
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
            errors["page"] = "Page must be a whole number, like 2"
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
