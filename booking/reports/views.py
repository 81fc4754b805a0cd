"""Reports for organisers: an event's attendance report (its trainers may read it too), and
the report across events; each also as a PDF and an Excel workbook, whose taking away is
audited."""

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from booking.checkin.access import door_event
from booking.checkin.attendance_views import late_within
from booking.core.charts import Bar, bar_chart_svg
from booking.core.clock import utcnow
from booking.feedback.report_pdf import add_summary
from booking.feedback.summary import event_summary
from booking.reports import files
from booking.reports.attendance import EventAttendance, event_attendance
from booking.reports.forms import FIELD_NAMES, ReachForm, reach_form
from booking.reports.periods import SHORTCUTS, london_today
from booking.reports.reach import Reach, programmes, reach
from booking.web.database import db
from booking.web.security import organisers_only

bp = Blueprint("reports", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _event_report(event_id: int) -> EventAttendance:
    """The report of an event the signed-in person may read: organisers, and its trainers
    (404 for no such event or a draft, 403 for anyone else)."""
    event = door_event(db(), event_id=event_id, person_id=current_user.id, role=current_user.role)
    return event_attendance(db(), event.id, now=utcnow(), late_within=late_within())


@bp.get("/manage/events/<int:event_id>/report")
@login_required
def event_report(event_id: int):
    """The event's attendance report: the sentence, the figures, by sector (a chart and its
    table), the organisations; a conference's workshops each the same."""
    report = _event_report(event_id)
    page = render_template(
        "reports/event_report.html",
        report=report,
        figures_rows=files.event_figures_rows,
        sector_chart=_sector_chart,
        feedback_summary=event_summary(db(), report.event_id, with_comments=True),
    )
    return page, {"Cache-Control": "no-store"}


@bp.get("/manage/events/<int:event_id>/report.pdf")
@login_required
def event_report_pdf(event_id: int):
    """The event's report as an A4 PDF."""
    report = _event_report(event_id)
    partnership = current_app.config["PARTNERSHIP_NAME"]
    feedback = event_summary(db(), report.event_id, with_comments=True)
    body = files.event_report_pdf(
        report,
        partnership=partnership,
        feedback=None if feedback is None else lambda document: add_summary(document, feedback),
    )
    return _download(f"attendance-{report.event_id}.pdf", body, "application/pdf", report.event_id)


@bp.get("/manage/events/<int:event_id>/report.xlsx")
@login_required
def event_report_xlsx(event_id: int):
    """The event's report as an Excel workbook."""
    report = _event_report(event_id)
    body = files.event_report_xlsx(report)
    return _download(f"attendance-{report.event_id}.xlsx", body, XLSX, report.event_id)


def _download(name: str, body: bytes, mimetype: str, event_id: int | None = None) -> Response:
    """A report file, audited, never cached, named without anyone's name."""
    files.record_export(db(), by_id=current_user.id, file=name, now=utcnow(), event_id=event_id)
    db().commit()
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _sector_chart(sectors, chart_id: str):
    bars = [Bar(row.label, row.people) for row in sectors]
    return bar_chart_svg(
        "People who attended, by sector (the table below gives the figures)",
        bars,
        chart_id=chart_id,
    )


def _form() -> ReachForm:
    args = MultiDict(
        [(key, value) for key, value in request.args.items(multi=True) if key in FIELD_NAMES]
    )
    return reach_form(args, programmes=programmes(db()), today=london_today(utcnow()))


def _reach(form: ReachForm) -> Reach | None:
    if not form.validate():
        return None
    return reach(db(), form.filters(), now=utcnow(), late_within=late_within())


@bp.get("/manage/reports")
@organisers_only
def reports():
    """The report across events for the choices in the query string (this academic year so
    far by default); choices that cannot be read are shown in the error summary."""
    form = _form()
    report = _reach(form)
    query = request.query_string.decode("ascii", "replace")
    page = render_template(
        "reports/reports.html",
        form=form,
        report=report,
        shortcuts=SHORTCUTS,
        figures_rows=files.reach_figures_rows,
        sector_chart=_sector_chart,
        phase_chart=_phase_chart,
        query=f"?{query}" if query else "",
    )
    return page, {"Cache-Control": "no-store"}


def _phase_chart(report: Reach):
    bars = [Bar(phase.label, phase.share or 0, f"{phase.share or 0}%") for phase in report.phases]
    return bar_chart_svg(
        "Schools reached, by phase, as a percentage (the table below gives the figures)",
        bars,
        maximum=100,
        chart_id="phase-chart",
    )


@bp.get("/manage/reports.pdf")
@organisers_only
def reports_pdf():
    """The report across events as an A4 PDF (choices that cannot be read: back to the page)."""
    report = _reach(_form())
    if report is None:
        return redirect(url_for("reports.reports", **request.args.to_dict(flat=False)))
    body = files.reach_pdf(report, partnership=current_app.config["PARTNERSHIP_NAME"])
    return _download("reach.pdf", body, "application/pdf")


@bp.get("/manage/reports.xlsx")
@organisers_only
def reports_xlsx():
    """The report across events as an Excel workbook."""
    report = _reach(_form())
    if report is None:
        return redirect(url_for("reports.reports", **request.args.to_dict(flat=False)))
    return _download("reach.xlsx", files.reach_xlsx(report), XLSX)
