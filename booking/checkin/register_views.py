"""After the event: the register (marking attendance, closing and reopening it), and the door's
files: the sign-in sheet to print and the register as CSV and XLSX."""

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from booking.accounts.models import Role
from booking.checkin import register, register_files
from booking.checkin.door_views import keep_result, last_result
from booking.checkin.files import register_csv, register_xlsx, sign_in_sheet_pdf
from booking.checkin.forms import MarkForm
from booking.checkin.results import DoorResult, Outcome
from booking.checkin.views import bp, worked_door
from booking.checkin.walk_in_views import door_page
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.core.formatting import date_and_time
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm


@bp.get("/door/<int:event_id>/register")
@login_required
def register_page(event_id: int):
    """Everyone with a place: attended, no-show (or not yet), each markable until the register
    is closed; then read-only, saying when and by whom it was closed. After a mark, what it
    did: a change as success, a non-change ("Already checked in") as an "Important" banner."""
    event = worked_door(event_id)
    now = utcnow()
    marked = last_result(event.id)
    page = render_template(
        "checkin/register.html",
        event=event,
        lines=register.register_lines(db(), event, now),
        closed=register.closed_register(db(), event.id),
        ended=register.ended(event, now),
        is_organiser=current_user.role == Role.ORGANISER,
        date_and_time=date_and_time,
        door_url=door_page,
        form=ConfirmForm(),
        marked=marked,
        marked_words=_marked(marked) if marked else "",
    )
    return page, {"Cache-Control": "no-store"}


@bp.post("/door/<int:event_id>/register/<int:booking_id>")
@login_required
def mark(event_id: int, booking_id: int):
    """Mark one person as attended or not (``register.mark``)."""
    event = worked_door(event_id)
    form = MarkForm()
    if not form.validate_on_submit():
        abort(400)
    result = carry_out(
        register.mark,
        event=event,
        booking_id=booking_id,
        attended=form.attended.data == "yes",
        by_id=current_user.id,
        now=utcnow(),
    )
    keep_result(event.id, result)
    return redirect(url_for("door.register_page", event_id=event.id))


def _marked(result: DoorResult) -> str:
    if result.outcome == Outcome.CHECKED_IN:
        return f"Marked as attended: {result.detail}"
    if result.outcome == Outcome.UNDONE:
        return f"Marked as not attended: {result.detail}"
    return result.message


@bp.post("/door/<int:event_id>/register/close")
@login_required
def close(event_id: int):
    """Close the register, once the event has ended."""
    event = worked_door(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        carry_out(register.close_register, event_id=event.id, by_id=current_user.id, now=utcnow())
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash("The register is closed.", "success")
    return redirect(url_for("door.register_page", event_id=event.id))


@bp.post("/door/<int:event_id>/register/reopen")
@login_required
def reopen(event_id: int):
    """Reopen a closed register: organisers only."""
    event = worked_door(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    carry_out(
        register.reopen_register,
        event_id=event.id,
        by_id=current_user.id,
        role=current_user.role,
        now=utcnow(),
    )
    flash("The register is open again: attendance can be changed.", "success")
    return redirect(url_for("door.register_page", event_id=event.id))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(event, file: str, body, mimetype: str) -> Response:
    """A file of the event's ("register.csv"), audited, never cached, and named after the
    event's id ("register-12.csv"), never a person."""
    stem, extension = file.rsplit(".", 1)
    name = f"{stem}-{event.id}.{extension}"
    register_files.record_download(
        db(), event_id=event.id, file=file, by_id=current_user.id, now=utcnow()
    )
    db().commit()
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/door/<int:event_id>/sign-in-sheet.pdf")
@login_required
def sign_in_sheet(event_id: int):
    """The sign-in sheet to print: everyone with a place, and blank rows for walk-ins."""
    event = worked_door(event_id)
    heading = register_files.sheet_heading(event, current_app.config["PARTNERSHIP_NAME"])
    pdf = sign_in_sheet_pdf(heading, register_files.sheet_rows(db(), event))
    return _download(event, "sign-in-sheet.pdf", pdf, "application/pdf")


@bp.get("/door/<int:event_id>/register.csv")
@login_required
def register_csv_file(event_id: int):
    """The register as CSV, streamed."""
    event = worked_door(event_id)
    rows = register_files.register_rows(db(), event, now=utcnow())
    return _download(event, "register.csv", register_csv(rows), "text/csv")


@bp.get("/door/<int:event_id>/register.xlsx")
@login_required
def register_xlsx_file(event_id: int):
    """The register as an Excel workbook."""
    event = worked_door(event_id)
    rows = register_files.register_rows(db(), event, now=utcnow())
    return _download(event, "register.xlsx", register_xlsx(event.title, rows), XLSX)
