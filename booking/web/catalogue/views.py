"""The catalogue: finding events, one event's page, and their calendars."""

from datetime import datetime, timedelta

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from booking.models import KIND_LABELS, EventKind, EventStatus, utcnow
from booking.services import calendars, catalogue
from booking.services.errors import NotFound
from booking.services.events import get_event
from booking.web.catalogue import bp
from booking.web.database import db
from booking.web.responses import absolute_url as _absolute
from booking.web.responses import calendar_host as _host
from booking.web.responses import ics_response
from booking.web.security import current_person_id


@bp.get("/")
def index():
    return redirect(url_for("catalogue.events"))


@bp.get("/events")
def events():
    """Upcoming published events, filtered, searched and paginated."""
    now = utcnow()
    filters, page, errors = catalogue.parse_filters(request.args)
    result = catalogue.list_events(db(), filters, now=now, page=page)
    return render_template(
        "catalogue/events.html",
        result=result,
        errors=errors,
        args=request.args,
        query=catalogue.filter_query(request.args),
        kinds=KINDS,
        months=[
            (f"{y:04d}-{m:02d}", f"{MONTH_NAMES[m]} {y}") for y, m in catalogue.upcoming_months(now)
        ],
        choices=_filter_choices(now),
        page_numbers=page_numbers(result.page, result.pages),
    )


KINDS = [(k.value, KIND_LABELS[k]) for k in EventKind if k != EventKind.WORKSHOP]
MONTH_NAMES = [""] + [datetime(2000, m, 1).strftime("%B") for m in range(1, 13)]
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
    """A subscribable calendar of the events the same filters would list (up to 500)."""
    now = utcnow()
    filters, _page, _errors = catalogue.parse_filters(request.args)
    result = catalogue.list_events(db(), filters, now=now, page=1, per_page=500)
    events = [listing.event for listing in result.listings]
    return ics_response(
        calendars.feed_calendar(
            events,
            urls={e.id: _absolute("catalogue.event", event_id=e.id) for e in events},
            host=_host(),
            now=now,
            name=current_app.config["PARTNERSHIP_NAME"] + " training",
        ),
        "events.ics",
    )


def _visible_event(event_id: int):
    viewer_can_see_drafts = current_user.is_authenticated and current_user.is_organiser
    try:
        return get_event(db(), event_id, include_drafts=viewer_can_see_drafts)
    except NotFound:
        abort(404)


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    """The whole event, and the booking state for whoever is looking."""
    item = _visible_event(event_id)
    view = catalogue.view_event(db(), item, viewer_id=current_person_id(), now=utcnow())
    return render_template("catalogue/event.html", view=view, event=item, EventStatus=EventStatus)


@bp.get("/events/<int:event_id>.ics")
def event_calendar(event_id: int):
    """The event as an .ics file."""
    item = _visible_event(event_id)
    body = calendars.event_calendar(
        item, event_url=_absolute("catalogue.event", event_id=item.id), host=_host(), now=utcnow()
    )
    return ics_response(body, f"event-{item.id}.ics")
