"""The pupils' survey's results: organisers read each survey's county-wide results, and any
school's (``?school=<survey_school_id>``), and take them away as XLSX or PDF; a school's
training lead reads and takes away their own school's results only. Every file is audited;
small numbers are never shown as figures, nor any figures before the survey closes
(``results``)."""

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user, login_required

from booking.core.clock import utcnow
from booking.core.errors import NotFound
from booking.core.formatting import whole_number
from booking.feedback.charts import question_chart
from booking.network import results_access
from booking.network.results import school_counts, survey_results
from booking.network.results_exports import survey_pdf, survey_workbook
from booking.network.suppression import SUPPRESSED_MESSAGE
from booking.network.views import bp
from booking.web.database import db
from booking.web.security import organisers_only

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_STORE = {"Cache-Control": "no-store"}


def _id_param(name: str) -> int | None:
    """A whole-number id given in the query string, None when absent; 404 for anything else."""
    given = request.args.get(name)
    if given is None or given == "":
        return None
    number = whole_number(given)
    if number is None:
        raise NotFound("Not found")
    return number


@bp.get("/manage/surveys/<int:survey_id>/results", endpoint="survey_results")
@organisers_only
def survey_results_page(survey_id: int):
    """The county-wide results with the schools taking part and their counts, or one school's
    (``?school=``), each question as a chart with its table."""
    school_id = _id_param("school")
    results = survey_results(db(), survey_id, school_id, now=utcnow())
    page = render_template(
        "network/results.html",
        results=results,
        schools=school_counts(db(), survey_id) if school_id is None else None,
        chart=question_chart,
        suppressed_message=SUPPRESSED_MESSAGE,
        files_endpoint="network.survey_results_file",
    )
    return page, NO_STORE


@bp.get("/manage/surveys/<int:survey_id>/results.<fmt>", endpoint="survey_results_file")
@organisers_only
def survey_results_file(survey_id: int, fmt: str):
    """The results as XLSX (the county, each school with enough responses, the schools'
    counts) or PDF; ``?school=`` for one school's alone."""
    school_id = _id_param("school")
    return _file(survey_id, school_id, fmt)


@bp.get("/lead/surveys", endpoint="lead_survey_results")
@login_required
def lead_survey_results_page():
    """A school's lead: the surveys their school took part in, and (``?survey=``) their
    school's results in one of them. Anyone else: 403."""
    survey_id = _id_param("survey")
    if survey_id is None:
        surveys = results_access.lead_surveys(db(), current_user.id)
        return render_template("network/results_lead.html", surveys=surveys), NO_STORE
    place = results_access.lead_school_in(db(), person_id=current_user.id, survey_id=survey_id)
    page = render_template(
        "network/results.html",
        results=survey_results(db(), survey_id, place, now=utcnow()),
        schools=None,
        chart=question_chart,
        suppressed_message=SUPPRESSED_MESSAGE,
        files_endpoint="network.lead_survey_results_file",
        lead=True,
    )
    return page, NO_STORE


@bp.get("/lead/surveys/<int:survey_id>/results.<fmt>", endpoint="lead_survey_results_file")
@login_required
def lead_survey_results_file(survey_id: int, fmt: str):
    """The lead's own school's results in the survey as XLSX or PDF."""
    place = results_access.lead_school_in(db(), person_id=current_user.id, survey_id=survey_id)
    return _file(survey_id, place, fmt)


def _file(survey_id: int, school_id: int | None, fmt: str) -> Response:
    """The file (the county's, or one school's), audited, never cached, named without any
    school's name."""
    if fmt not in results_access.FILES:
        abort(404)
    if fmt == "xlsx":
        body = survey_workbook(db(), survey_id, school_id, now=utcnow())
        mimetype = XLSX
    else:
        partnership = current_app.config["PARTNERSHIP_NAME"]
        body = survey_pdf(db(), survey_id, school_id, now=utcnow(), partnership=partnership)
        mimetype = "application/pdf"
    results_access.record_export(
        db(),
        survey_id=survey_id,
        file=fmt,
        by_id=current_user.id,
        now=utcnow(),
        survey_school_id=school_id,
    )
    db().commit()
    name = f"survey-{survey_id}-results{f'-school-{school_id}' if school_id else ''}.{fmt}"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers.update(NO_STORE)
    return response
