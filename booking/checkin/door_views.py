"""The door page: "Your events", scanning, the door list, checking in and undoing.

Every route here is for people signed in who work the event's door (``views.worked_door``,
per event). A JSON request (the door page's script) gets JSON back, errors included, and 401
rather than the sign-in page; a form gets the page, or POST-redirect-GET back to the door with
the result shown once.
"""

from functools import wraps

from flask import g, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from booking.api import error_response
from booking.bookings.models import Booking
from booking.checkin import results, services, sync
from booking.checkin.door_list import DoorCount, door_count, door_list, record_needs_shown
from booking.checkin.forms import CodeForm, FindForm
from booking.checkin.models import Via
from booking.checkin.phone_input import MAX_CODE_LENGTH, door_closes_at, read_scan
from booking.checkin.results import DoorResult, Outcome
from booking.checkin.views import bp, worked_door
from booking.checkin.your_events import your_events as listed_events
from booking.core.clock import utcnow
from booking.core.errors import NotAllowed
from booking.events.models import Event, EventStatus
from booking.web.database import db
from booking.web.errors import wants_json
from booking.web.security import allow_camera, login_manager

LAST_RESULT = "door_result"  # the session key of the result a form's POST shows after its redirect


def door_staff(view):
    """Signed in, or 401 JSON for a JSON request and the sign-in page for a browser's; the
    view checks the person works the door (``worked_door``)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            if wants_json():
                return error_response(401, "Sign in to continue.", code="not_signed_in")
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped


def answers_json(view):
    """A view that answers only JSON: its errors are JSON too, whatever the request asked."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        g.answers_json = True
        return view(*args, **kwargs)

    return wrapped


@bp.after_request
def _kept_by_no_cache(response):
    """Door pages and their JSON hold names: no cache keeps them (the service worker says
    otherwise for itself)."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.get("/your-events")
@door_staff
def your_events():
    """A trainer's events (an organiser's: all), today's first, with their door counts."""
    if not current_user.may_work_doors:
        raise NotAllowed("Only trainers and organisers work doors")
    events = listed_events(db(), person_id=current_user.id, role=current_user.role, now=utcnow())
    return render_template("checkin/your_events.html", events=events)


@bp.get("/door/<int:event_id>")
@door_staff
@allow_camera
def door(event_id: int):
    """The door page: the counter, the scanner, the code field and the door list."""
    return show_door(worked_door(event_id))


@bp.post("/door/<int:event_id>/find")
@door_staff
@allow_camera
def find(event_id: int):
    """The door page with its list narrowed to the people a name or organisation finds."""
    event = worked_door(event_id)
    form = FindForm()
    query = (form.q.data or "") if form.validate() else ""
    return show_door(event, query=query, find_form=form)


def show_door(event: Event, *, query: str = "", code_form=None, find_form=None, result=None) -> str:
    """The door page, with the result of a form's POST (or the one kept for it); showing
    anyone's needs is audited (``record_needs_shown``), so the request's session is committed
    here."""
    code_form = code_form or CodeForm(formdata=None)
    find_form = find_form or FindForm(formdata=None)
    people = door_list(db(), event, query)
    record_needs_shown(db(), event_id=event.id, people=people, by_id=current_user.id, now=utcnow())
    db().commit()
    return render_template(
        "checkin/door.html",
        event=event,
        count=door_count(db(), event.id),
        people=people,
        query=query,
        code_form=code_form,
        find_form=find_form,
        # the posted form, whose errors the page's error summary lists
        form=find_form if find_form.errors else code_form,
        result=result or last_result(event.id),
        closes_at=door_closes_at(event),
        workshops=_workshops(event),
    )


def _workshops(event: Event) -> list[Event]:
    if not event.is_conference:
        return []
    return [w for w in event.workshops if w.status != EventStatus.DRAFT]


@bp.post("/door/<int:event_id>/scans")
@door_staff
def scan(event_id: int):
    """Check in the holder of a scanned or typed ticket code: JSON from the scanner (with a
    ``client_id``, received once), or the "Type the ticket code" form."""
    event = worked_door(event_id)
    if request.is_json:
        return _json_scan(event, request.get_json(silent=True))
    form = CodeForm()
    if not form.validate():
        return show_door(event, code_form=form)
    result = services.scan(
        db(), event=event, code=form.code.data, by_id=current_user.id, now=utcnow()
    )
    db().commit()
    return _back_to_door(event, result)


def _json_scan(event: Event, body: object):
    now = utcnow()
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or len(code) > MAX_CODE_LENGTH:
        return error_response(400, 'Send {"code": "the ticket code"}', code="bad_scan")
    if body.get("client_id") is None:
        result = services.scan(db(), event=event, code=code, by_id=current_user.id, now=now)
    else:
        # Online, the check-in takes the server's time: only a sync carries a phone's times.
        phone_scan = read_scan({**body, "scanned_at": now.isoformat()}, event=event, now=now)
        if not isinstance(phone_scan, sync.PhoneScan):
            return error_response(400, phone_scan.problem, code="bad_scan")
        result = sync.receive(db(), event=event, scan=phone_scan, by_id=current_user.id, now=now)
    db().commit()
    return jsonify(result_json(result, door_count(db(), event.id)))


@bp.post("/door/<int:event_id>/people/<int:booking_id>/check-in")
@door_staff
def check_in(event_id: int, booking_id: int):
    """Check in a person found on the door list (one tap)."""
    event = worked_door(event_id)
    result = services.check_in(
        db(), event=event, booking=booking_id, by_id=current_user.id, now=utcnow(), via=Via.NAME
    )
    db().commit()
    return _answer(event, result)


@bp.post("/door/<int:event_id>/people/<int:booking_id>/undo")
@door_staff
def undo(event_id: int, booking_id: int):
    """Undo a person's check-in (kept, marked undone, and audited)."""
    event = worked_door(event_id)
    result = services.undo(
        db(), event=event, booking=booking_id, by_id=current_user.id, now=utcnow()
    )
    db().commit()
    return _answer(event, result)


def _answer(event: Event, result: DoorResult):
    if request.is_json:
        return jsonify(result_json(result, door_count(db(), event.id)))
    return _back_to_door(event, result)


def result_json(result: DoorResult, count: DoorCount) -> dict:
    """The door's answer as its script reads it (the web contract's result JSON)."""
    return {
        "outcome": result.outcome.value,
        "tone": result.tone,
        "headline": result.headline,
        "detail": result.detail,
        "message": result.message,
        "booking_id": result.booking_id,
        "checked_in": count.checked_in,
        "booked": count.booked,
    }


def _back_to_door(event: Event, result: DoorResult):
    """POST-redirect-GET: the result is kept for the door page to show once."""
    keep_result(event.id, result)
    return redirect(url_for("door.door", event_id=event.id))


def keep_result(event_id: int, result: DoorResult) -> None:
    """Keep a form's result for the page after the redirect: its outcome and booking id only,
    for the session cookie is signed, not encrypted (``last_result`` finds the words again)."""
    session[LAST_RESULT] = {
        "event_id": event_id,
        "outcome": result.outcome.value,
        "booking_id": result.booking_id,
    }


def last_result(event_id: int) -> DoorResult | None:
    """The result kept for this event's page, once (``keep_result``), its words found again
    in the database."""
    kept = session.pop(LAST_RESULT, None)
    if not isinstance(kept, dict) or kept.get("event_id") != event_id:
        return None
    try:
        outcome = Outcome(kept["outcome"])
    except (KeyError, ValueError):
        return None
    booking_id = kept.get("booking_id")
    booking = db().get(Booking, booking_id) if isinstance(booking_id, int) else None
    if booking is None or booking.event_id != event_id:
        return results.as_received(outcome, None)
    live = services.live_check_in(db(), booking.id)
    if outcome == Outcome.ALREADY_CHECKED_IN and live is not None:
        return results.already_checked_in(booking, live.checked_in_at, live.by and live.by.name)
    return results.as_received(outcome, booking)
