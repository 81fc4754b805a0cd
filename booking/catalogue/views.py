"""The catalogue: finding events, one event's page, and their calendars."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Row

from booking.catalogue import listing as catalogue
from booking.catalogue.event_page import view_event
from booking.catalogue.listing import upcoming_months
from booking.core.clock import utcnow
from booking.core.formatting import MONTH_NAMES, date_range
from booking.events import calendars
from booking.events.models import KIND_LABELS, STANDALONE_KINDS
from booking.events.rules import booking_text, get_event
from booking.web.database import db
from booking.web.responses import ics_response, public_links
from booking.web.security import current_person_id

bp = Blueprint("catalogue", __name__)


@bp.get("/")
def index():
    return redirect(url_for("catalogue.events"))


@bp.get("/events")
def events():
    """Upcoming published events, filtered, searched and paginated."""
    now = utcnow()
    filters, page, errors = catalogue.parse_filters(request.args)
    result = catalogue.list_events(db(), filters, now=now, page=page)
    query = catalogue.filter_query(request.args)
    return render_template(
        "catalogue/events.html",
        result=result,
        entries=_entries(result.listings, catalogue.back_query(request.args)),
        errors=errors,
        args=request.args,
        query=query,
        kinds=KINDS,
        months=[(f"{y:04d}-{m:02d}", f"{MONTH_NAMES[m]} {y}") for y, m in upcoming_months(now)],
        choices=_filter_choices(now),
        pagination=_pagination(result, query),
        selected=_selected_filters(filters, query, errors),
        subscription=public_links().calendar_subscription(query) if result.total else None,
    )


@dataclass(frozen=True)
class Entry:
    """One listed event as the catalogue shows it: its link, when, and its places."""

    event: Row
    href: str
    when: str
    places: str


def _entries(listings: list[catalogue.Listing], back: dict[str, str]) -> list[Entry]:
    """The listings ready to show; worked out here because a page shows twenty, and a Jinja
    filter or url_for call per value costs more than the formatting itself. Each link carries
    the search and filters, so the event's Back link returns to them."""
    event_url = url_maker("catalogue.event", "event_id")
    carried = f"?{urlencode(back)}" if back else ""
    return [
        Entry(
            listing.event,
            event_url(listing.event.id) + carried,
            date_range(listing.event.starts_at, listing.event.ends_at),
            booking_text(listing),
        )
        for listing in listings
    ]


_FILTER_NAMES = {"kind": "Type of event", "audience": "Audience", "programme": "Programme"}
_FILTER_NAMES |= {"month": "Month", "q": "Search"}


class SelectedFilter(NamedTuple):
    """A filter in use, and the catalogue's address without it."""

    text: str
    remove: str


def _selected_filters(
    filters: catalogue.CatalogueFilters, query: dict[str, str], errors: dict[str, str]
) -> list[SelectedFilter]:
    """The filters in use (those that could be read), each with a link that removes it."""
    values = {name: _filter_value(filters, name) for name in query if name not in errors}
    return [
        SelectedFilter(
            f"{_FILTER_NAMES[name]}: {value}",
            url_for("catalogue.events", **{k: v for k, v in query.items() if k != name}),
        )
        for name, value in values.items()
        if value.strip()
    ]


def _filter_value(filters: catalogue.CatalogueFilters, name: str) -> str:
    """A filter's value as read, named as the form's lists name it: "Governor course",
    "January 2027"; empty when nothing could be read from it."""
    if name == "kind":
        return KIND_LABELS[filters.kind] if filters.kind else ""
    if name == "month":
        return f"{MONTH_NAMES[filters.month[1]]} {filters.month[0]}" if filters.month else ""
    return " ".join(filters.words) if name == "q" else getattr(filters, name)


def url_maker(endpoint: str, name: str, **values) -> Callable[[object], str]:
    """A function giving the endpoint's URL for a value of ``name`` (the other values fixed).

    url_for runs once, with a marker where the value goes; ``name`` must come last in the URL
    (a path's last part, or the last query parameter, as keyword order makes it).
    """
    before, marker, after = url_for(endpoint, **values, **{name: _MARKER}).rpartition(_MARKER)
    if not marker:
        raise ValueError(f"{name} does not appear in {endpoint}'s URL")
    return lambda value: f"{before}{value}{after}"


_MARKER = "2718281828"  # digits, so any converter takes it and nothing escapes it


class PageLink(NamedTuple):
    """A page number to link, or the ellipsis standing for the numbers left out."""

    number: int | None = None
    href: str = ""
    current: bool = False
    ellipsis: bool = False


class Pagination(NamedTuple):
    """The page links, and the previous and next pages' addresses (None at either end)."""

    links: list[PageLink]
    previous: str | None
    next: str | None


def _pagination(result: catalogue.CataloguePage, query: dict[str, str]) -> Pagination | None:
    """Links to the first and last pages, the pages around this one, previous and next;
    None when everything fits on one page."""
    if result.pages <= 1:
        return None
    page_url = url_maker("catalogue.events", "page", **query)
    links = [
        PageLink(n, page_url(n), n == result.page) if n else PageLink(ellipsis=True)
        for n in page_numbers(result.page, result.pages)
    ]
    return Pagination(
        links,
        page_url(result.page - 1) if result.page > 1 else None,
        page_url(result.page + 1) if result.page < result.pages else None,
    )


KINDS = [(k.value, KIND_LABELS[k]) for k in STANDALONE_KINDS]
CHOICES_TTL = timedelta(seconds=60)


def _filter_choices(now: datetime) -> dict[str, list[str]]:
    """The audiences and programmes to filter by, read at most once a minute per process.

    Reading them scans every upcoming event, which costs more than the rest of the page; a
    choice that appears or goes a minute late is harmless (the list itself is always live).
    """
    cached = current_app.extensions.get("catalogue_choices")
    if cached is None or now - cached[0] > CHOICES_TTL or now < cached[0]:
        cached = (now, catalogue.filter_choices(db(), now=now))
        current_app.extensions["catalogue_choices"] = cached
    return cached[1]


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers to link: the first, the last, and ``around`` either side of ``page``;
    None where numbers are left out (an ellipsis)."""
    shown = sorted({1, pages, *range(max(page - around, 1), min(page + around, pages) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@bp.get("/events.ics")
def events_feed():
    """A subscribable calendar of the events the same filters would list (up to 500), and of
    those cancelled, marked so, so that subscribers' calendars drop them."""
    now = utcnow()
    filters, _page, errors = catalogue.parse_filters(request.args)
    if errors:  # the catalogue's messages; a calendar cannot show an error summary
        return Response("\n".join(errors.values()) + "\n", 400, mimetype="text/plain")
    result = catalogue.list_events(
        db(), filters, now=now, page=1, per_page=500, include_cancelled=True
    )
    events = [listing.event for listing in result.listings]
    links = public_links()
    return ics_response(
        calendars.feed_calendar(
            events,
            urls={e.id: links.event(e.id) for e in events},
            host=links.host,
            now=now,
            name=current_app.config["PARTNERSHIP_NAME"] + " training",
        ),
        "events.ics",
    )


def _sees_drafts() -> bool:
    """Organisers see drafts; nobody else knows they exist."""
    return current_user.is_authenticated and current_user.is_organiser


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    """The whole event, and the booking state for whoever is looking."""
    view = view_event(
        db(),
        event_id,
        viewer_id=current_person_id(),
        now=utcnow(),
        include_drafts=_sees_drafts(),
    )
    return render_template(
        "catalogue/event.html",
        view=view,
        event=view.event,
        back=_back_link(view.event),
    )


def _back_link(event) -> str:
    """Where the event page's Back link goes: a workshop's conference, or the catalogue with
    the search and filters the person came from (rebuilt from the known parameters only, so
    the link can only ever lead back into the catalogue)."""
    back = catalogue.back_query(request.args)
    if event.parent_id:
        return url_for("catalogue.event", event_id=event.parent_id, **back)
    return url_for("catalogue.events", **back)


@bp.get("/events/<int:event_id>.ics")
def event_calendar(event_id: int):
    """The event as an .ics file."""
    item = get_event(db(), event_id, include_drafts=_sees_drafts())
    links = public_links()
    body = calendars.event_calendar(
        item, event_url=links.event(item.id), host=links.host, now=utcnow()
    )
    return ics_response(body, f"event-{item.id}.ics")
