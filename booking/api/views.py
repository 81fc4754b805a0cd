"""GET /api/v1/events, /api/v1/events/<id> and the OpenAPI description."""

from flask import jsonify, request
from sqlalchemy import Row

from booking.api import bp
from booking.api.openapi import SPEC
from booking.formatting import date_range, places_left_text
from booking.models import EventStatus, utcnow
from booking.services import catalogue, event_view
from booking.services.errors import BookingError
from booking.services.event_view import EventDetails
from booking.web.database import db
from booking.web.responses import absolute_url


def _error(error: BookingError):
    return jsonify({"error": {"code": error.code, "message": error.message}}), error.status


def _event_json(event: EventDetails | Row, places_left: int) -> dict:
    """An event in the API: a catalogue row, or an event read for its page."""
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
        "places_left_text": places_left_text(places_left),
        "cpd_hours": float(event.cpd_hours) if event.cpd_hours is not None else None,
        "url": absolute_url("catalogue.event", event_id=event.id),
        "calendar_url": absolute_url("catalogue.event_calendar", event_id=event.id),
    }


@bp.get("/events")
def events():
    """Upcoming published events with the catalogue's filters, paginated."""
    filters, page, errors = catalogue.parse_filters(request.args)
    if errors:
        name, message = next(iter(errors.items()))
        return jsonify(
            {"error": {"code": "invalid_parameter", "parameter": name, "message": message}}
        ), 400
    result = catalogue.list_events(db(), filters, now=utcnow(), page=page)
    return jsonify(
        {
            "events": [_event_json(item.event, item.places_left) for item in result.listings],
            "page": result.page,
            "pages": result.pages,
            "total": result.total,
        }
    )


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    """One published event with its places left and, for a conference, its workshops."""
    try:
        view = event_view.view_event(db(), event_id, viewer_id=None, now=utcnow())
    except BookingError as error:
        return _error(error)
    item = view.event
    body = _event_json(item, view.places_left)
    body["description"] = item.description
    body["trainers"] = list(item.trainers)
    body["booking_state"] = view.state.value
    body["workshops"] = [
        _event_json(w.event, w.places_left)
        for w in view.workshops
        if w.event.status != EventStatus.DRAFT
    ]
    return jsonify(body)


@bp.get("/openapi.json")
def openapi():
    return jsonify(SPEC)
