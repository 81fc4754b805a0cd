"""What organisers see of attendance: an event's figures, and a person's no-shows."""

from datetime import timedelta

from flask import current_app, render_template

from booking.checkin import attendance, register
from booking.checkin.views import bp
from booking.core.clock import utcnow
from booking.events.rules import get_event
from booking.web.database import db
from booking.web.security import organisers_only


def late_within() -> timedelta:
    """How long before the start a cancellation counts as late (BOOKING_LATE_CANCELLATION_HOURS)."""
    return timedelta(hours=current_app.config["LATE_CANCELLATION_HOURS"])


@bp.get("/manage/events/<int:event_id>/attendance")
@organisers_only
def event_attendance(event_id: int):
    """The event's attendance figures, with its no-shows by name and links to the register."""
    event = get_event(db(), event_id)
    now = utcnow()
    lines = register.register_lines(db(), event, now)
    page = render_template(
        "checkin/attendance.html",
        event=event,
        figures=attendance.event_figures(db(), event, now=now, late_within=late_within()),
        late_hours=current_app.config["LATE_CANCELLATION_HOURS"],
        no_shows=[line for line in lines if line.attendance == register.Attendance.NO_SHOW],
        closed=register.closed_register(db(), event.id),
    )
    return page, {"Cache-Control": "no-store"}


@bp.get("/manage/people/<int:person_id>/attendance")
@organisers_only
def person_attendance(person_id: int):
    """The events a person had a place on and did not come to, newest first."""
    record = attendance.person_no_shows(db(), person_id=person_id, now=utcnow())
    page = render_template("checkin/person_attendance.html", record=record)
    return page, {"Cache-Control": "no-store"}
