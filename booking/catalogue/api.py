"""GET /api/v1/events, /api/v1/events/<id> and the OpenAPI description."""

from flask import jsonify, request

from booking.api import bp, error_response
from booking.catalogue import listing as catalogue
from booking.catalogue.event_page import EventView, view_event
from booking.catalogue.listing import Listing
from booking.catalogue.openapi import SPEC
from booking.core.clock import utcnow
from booking.core.formatting import date_range
from booking.core.links import Links
from booking.events.rules import BookingState, booking_text, is_draft
from booking.web.database import db
from booking.web.responses import public_links


def _event_json(shown: Listing | EventView, links: Links) -> dict:
    """An event in the API, from the catalogue or read for its page, with what is said about
    booking it (``places_left`` None for a cancelled event: it has no places to offer)."""
    event = shown.event
    places_left = None if shown.state == BookingState.CANCELLED else shown.places_left
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind.value,
        "status": event.status.value,
        "summary": event.summary,
        "audience": event.audience,
        "programme": event.programme,
        "venue": event.venue,
        "online": bool(event.online_url),
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "when": date_range(event.starts_at, event.ends_at),
        "capacity": event.capacity,
        "places_left": places_left,
        "places_left_text": booking_text(shown),
        "cpd_hours": float(event.cpd_hours) if event.cpd_hours is not None else None,
        "url": links.event(event.id),
        "calendar_url": links.to("event_calendar", event_id=event.id),
    }


@bp.get("/events")
def events():
    """Upcoming published events with the catalogue's filters, paginated."""
    filters, page, errors = catalogue.parse_filters(request.args)
    if errors:
        name, message = next(iter(errors.items()))
        return error_response(400, message, code="invalid_parameter", parameter=name)
    result = catalogue.list_events(db(), filters, now=utcnow(), page=page)
    links = public_links()
    return jsonify(
        {
            "events": [
                _event_json(item, links) | {"matched_workshop": item.event.matched_workshop}
                for item in result.listings
            ],
            "page": result.page,
            "pages": result.pages,
            "total": result.total,
        }
    )


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    """One published event with its places left and, for a conference, its workshops."""
    view = view_event(db(), event_id, viewer_id=None, now=utcnow())
    item, links = view.event, public_links()
    body = _event_json(view, links)
    body["description"] = item.description
    body["trainers"] = list(item.trainers)
    body["booking_state"] = view.state.value
    body["workshops"] = [_event_json(w, links) for w in view.workshops if not is_draft(w.event)]
    return jsonify(body)


@bp.get("/openapi.json")
def openapi():
    return jsonify(SPEC)
