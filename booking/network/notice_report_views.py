"""The messages report for organisers: the page, and the same report as an Excel workbook and
an A4 PDF, whose taking away is audited."""

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from booking.core.clock import utcnow
from booking.network.notice_report import NoticeReport, notice_report
from booking.network.notice_report_files import HEADER, notice_report_pdf, notice_report_xlsx
from booking.network.notice_report_forms import (
    FIELD_NAMES,
    NoticeReportForm,
    notice_report_form,
)
from booking.network.views import bp
from booking.reports.files import record_export
from booking.reports.periods import day_words, london_today
from booking.web.database import db
from booking.web.security import organisers_only

FILES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _form() -> NoticeReportForm:
    args = MultiDict(
        [(key, value) for key, value in request.args.items(multi=True) if key in FIELD_NAMES]
    )
    return notice_report_form(args, today=london_today(utcnow()))


def _report(form: NoticeReportForm) -> NoticeReport | None:
    if not form.validate():
        return None
    period = form.period()
    return notice_report(db(), start=period.starts, end=period.ends)


@bp.get("/manage/notices/report", endpoint="notice_report")
@organisers_only
def notice_report_page():
    """The messages sent in a period (the last 6 months by default): the sentence, a row per
    message; days that cannot be read are shown in the error summary."""
    form = _form()
    report = _report(form)
    page = render_template(
        "network/notice_report.html",
        form=form,
        report=report,
        header=HEADER,
        day_words=day_words,
        file_query=_file_query(report),
    )
    return page, {"Cache-Control": "no-store"}


def _file_query(report: NoticeReport | None) -> dict:
    if report is None:
        return {}
    return {"start": report.period.starts.isoformat(), "end": report.period.ends.isoformat()}


@bp.get("/manage/notices/report.<fmt>")
@organisers_only
def notice_report_file(fmt: str):
    """The report as a file, ``xlsx`` or ``pdf`` (days that cannot be read: back to the
    page, which explains them)."""
    if fmt not in FILES:
        abort(404)
    report = _report(_form())
    if report is None:
        return redirect(url_for("network.notice_report", **request.args.to_dict(flat=False)))
    if fmt == "xlsx":
        body = notice_report_xlsx(report)
    else:
        body = notice_report_pdf(report, partnership=current_app.config["PARTNERSHIP_NAME"])
    name = f"messages-{report.period.starts.isoformat()}-to-{report.period.ends.isoformat()}.{fmt}"
    record_export(db(), by_id=current_user.id, file=name, now=utcnow())
    db().commit()
    response = Response(body, mimetype=FILES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
