"""Finding events: the filtered, paginated catalogue, and its filters read from a query string
(one event's page is ``event_page``)."""

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row
from sqlalchemy.orm import Session

from booking.catalogue import queries
from booking.core.formatting import LONDON, without_control_characters
from booking.events.models import EventKind
from booking.events.rules import BookingState, booking_state, places_left

PER_PAGE = 20


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
    """One event in the catalogue: ``event`` has the attributes of ``queries.LISTED_COLUMNS``."""

    event: Row
    places_left: int
    state: BookingState


@dataclass(frozen=True)
class CataloguePage:
    listings: list[Listing]
    total: int
    page: int
    pages: int


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
    page = max(page, 1)
    rows, total = queries.listed_rows(
        session, filters, now=now, page=page, per_page=per_page, include_cancelled=include_cancelled
    )
    if rows:
        total = rows[0].total
    elif total and page > 1:  # past the end: the last page
        return list_events(
            session,
            filters,
            now=now,
            page=math.ceil(total / per_page),
            per_page=per_page,
            include_cancelled=include_cancelled,
        )
    listings = [_listing(row, now) for row in rows]
    return CataloguePage(listings, total, page if rows else 1, max(math.ceil(total / per_page), 1))


def _listing(row: Row, now: datetime) -> Listing:
    left = places_left(row.capacity, row.confirmed)
    return Listing(row, left, booking_state(row, places_left=left, now=now))


def filter_choices(session: Session, *, now: datetime) -> dict[str, list[str]]:
    """The audiences and programmes of upcoming published events, for the filter form."""
    pairs = queries.audiences_and_programmes(session, CatalogueFilters(), now=now)
    return {
        "audience": sorted({audience for audience, _ in pairs if audience}),
        "programme": sorted({programme for _, programme in pairs if programme}),
    }


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


def back_query(params) -> dict[str, str]:
    """The filters and page a person was on, carried by an event's link so its Back link
    returns to them."""
    return {key: params[key] for key in _PARAMETERS if params.get(key)}


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
