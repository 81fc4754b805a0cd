"""What a phone needs to keep working the door without a signal: the door list to keep, one
request to send the scans it saved, a fresh CSRF token before that, and the service worker."""

from flask import current_app, jsonify, request, send_from_directory
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from booking.api import error_response
from booking.checkin import sync
from booking.checkin.door_list import door_count, door_list
from booking.checkin.door_views import answers_json, door_staff
from booking.checkin.phone_input import BadBatch, BadScan, door_closes_at, read_batch
from booking.checkin.register_files import record_download
from booking.checkin.results import DoorResult
from booking.checkin.views import bp, worked_door
from booking.core.clock import utcnow
from booking.core.errors import NotAllowed
from booking.core.formatting import iso_utc
from booking.web.database import db

SERVICE_WORKER = "door-sw.js"  # under static/js/


@bp.get("/door/<int:event_id>/list.json")
@answers_json
@door_staff
def door_list_json(event_id: int):
    """The door list a phone keeps for when the signal goes: names, organisations and the
    hashes of the tickets shown at this door; never a token, never anyone's needs. It is
    personal data taken away, so each download is audited like the door's other files."""
    event = worked_door(event_id)
    record_download(
        db(), event_id=event.id, file="door-list.json", by_id=current_user.id, now=utcnow()
    )
    db().commit()
    count = door_count(db(), event.id)
    return jsonify(
        event={
            "id": event.id,
            "title": event.title,
            "door_closes_at": iso_utc(door_closes_at(event)),
        },
        checked_in=count.checked_in,
        booked=count.booked,
        people=[
            {
                "booking_id": person.booking_id,
                "name": person.name,
                "organisation": person.organisation,
                "search": person.search_text,
                "checked_in_at": iso_utc(person.checked_in_at) if person.checked_in_at else None,
                "checked_in_by": person.checked_in_by,
                "token_hash": person.token_hash,
            }
            for person in door_list(db(), event)
        ],
    )


@bp.post("/door/<int:event_id>/sync")
@answers_json
@door_staff
def sync_scans(event_id: int):
    """Receive the scans a phone saved while offline, in one request: each once (by its
    ``client_id``), the earliest scan of a person kept; a bad entry is answered on its own
    and the good ones are stored."""
    event = worked_door(event_id)
    now = utcnow()
    try:
        entries = read_batch(request.get_json(silent=True), event=event, now=now)
    except BadBatch as bad:
        return error_response(400, str(bad), code="bad_batch")
    good = [entry for entry in entries if not isinstance(entry, BadScan)]
    received = sync.receive_all(db(), event=event, scans=good, by_id=current_user.id, now=now)
    db().commit()
    answers = iter(received)
    count = door_count(db(), event.id)
    return jsonify(
        results=[
            _bad_json(entry) if isinstance(entry, BadScan) else _json(entry, next(answers))
            for entry in entries
        ],
        checked_in=count.checked_in,
        booked=count.booked,
    )


def _json(scan: sync.PhoneScan, result: DoorResult) -> dict:
    return {
        "client_id": scan.client_id,
        "outcome": result.outcome.value,
        "tone": result.tone,
        "message": result.message,
        "booking_id": result.booking_id,
    }


def _bad_json(bad: BadScan) -> dict:
    return {
        "client_id": bad.client_id,
        "outcome": "invalid",
        "tone": "error",
        "message": bad.problem,
        "booking_id": None,
    }


@bp.get("/door/csrf-token")
@answers_json
@door_staff
def csrf_token():
    """A fresh CSRF token for a phone's next POST (a sync after hours offline)."""
    if not current_user.may_work_doors:
        raise NotAllowed("Only trainers and organisers work doors")
    return jsonify(csrf_token=generate_csrf())


@bp.get("/door/sw.js")
def service_worker():
    """The door's service worker (a 404 until there is one), controlling the pages under
    /door/."""
    folder = f"{current_app.static_folder}/js"
    response = send_from_directory(folder, SERVICE_WORKER, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/door/"
    return response
