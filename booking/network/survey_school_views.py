"""Organisers choose the schools taking part in a survey and give each its link: the link
written out, its QR code (SVG or PNG) and a poster for the class screen, with how many pupils
have answered ("fewer than 10" below 10)."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.core.qr import qr_png, qr_svg
from booking.network import survey_schools as schools
from booking.network.survey_forms import AddSchoolForm, SchoolSearchForm
from booking.network.surveys import get_survey, is_taking_answers, results_out, year_label
from booking.network.views import bp
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm
from booking.web.responses import public_links
from booking.web.security import organisers_only

BASE = "/manage/surveys/<int:survey_id>/schools"
NO_STORE = {"Cache-Control": "no-store"}
MAX_QUERY = 200
QR_LABEL = "QR code of the survey link: scan it to take the survey"


def survey_link(code: str) -> str:
    """The absolute link a school's pupils open (in its QR code and on its poster)."""
    return public_links().to("survey", code=code)


@bp.route(BASE, methods=["GET", "POST"])
@organisers_only
def survey_schools(survey_id: int):
    """The survey's schools with their links, QR codes, posters and counts; a search of the
    register for schools to add (GET ``q``), and adding one (POST ``organisation_id``)."""
    survey = get_survey(db(), survey_id)
    add = AddSchoolForm()
    if add.validate_on_submit():
        try:
            carry_out(
                schools.add_school,
                survey_id=survey_id,
                organisation_id=add.organisation() or 0,
                actor_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash("The school has been added: give it its link or QR code.", "success")
        return redirect(url_for("network.survey_schools", survey_id=survey_id))
    if add.is_submitted():
        abort(400)
    search = SchoolSearchForm(formdata=_query_args())
    text = (search.q.data or "")[:MAX_QUERY].strip()
    rows = schools.schools_of(db(), survey_id)
    page = render_template(
        "network/survey_schools.html",
        survey=survey,
        year=year_label(survey),
        taking_answers=is_taking_answers(survey, utcnow()),
        results_out=results_out(db(), survey, utcnow()),
        rows=rows,
        search=search,
        text=text,
        found=schools.find_schools(db(), text),
        links={row.id: survey_link(row.code) for row in rows},
        confirm=ConfirmForm(),
    )
    return page, NO_STORE


def _query_args():
    return request.args if "q" in request.args else None


@bp.post(f"{BASE}/<int:school_id>/remove")
@organisers_only
def remove_survey_school(survey_id: int, school_id: int):
    """Take a school nobody has answered from out of the survey."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        name = carry_out(
            schools.remove_school,
            survey_id=survey_id,
            school_id=school_id,
            actor_id=current_user.id,
            now=utcnow(),
        )
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(f"{name} is no longer taking part.", "success")
    return redirect(url_for("network.survey_schools", survey_id=survey_id))


@bp.get(f"{BASE}/<int:school_id>/qr.<any(svg, png):fmt>")
@organisers_only
def survey_qr(survey_id: int, school_id: int, fmt: str):
    """The QR code of the school's link, to download: SVG for print, PNG for slides."""
    school = schools.survey_school(db(), survey_id=survey_id, school_id=school_id)
    link = survey_link(school.code)
    if fmt == "svg":
        body, mimetype = qr_svg(link, label=QR_LABEL), "image/svg+xml"
    else:
        body, mimetype = qr_png(link, box_size=16), "image/png"
    response = Response(body, mimetype=mimetype)
    filename = f"survey-qr-{school.id}.{fmt}"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.get(f"{BASE}/<int:school_id>/poster")
@organisers_only
def survey_poster(survey_id: int, school_id: int):
    """A page to show on the class screen or print: "Scan to take the survey", the QR code,
    and the link written out."""
    school = schools.survey_school(db(), survey_id=survey_id, school_id=school_id)
    link = survey_link(school.code)
    page = render_template(
        "network/survey_poster.html",
        survey=school.survey,
        school=school,
        link=link,
        short_link=link.split("://", 1)[-1],
        qr=qr_svg(link, label=QR_LABEL),
    )
    return page, NO_STORE
