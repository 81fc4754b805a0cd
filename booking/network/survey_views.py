"""Organisers set up the pupils' survey: the list of surveys, a new one, a survey's page (its
settings, questions, and opening or closing it) and its settings."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.core.formatting import local
from booking.core.periods import academic_year_starting
from booking.network import surveys as setup
from booking.network.models import Survey
from booking.network.survey_forms import (
    NO_COMPARISON,
    SURVEY_FIELDS,
    NewSurveyForm,
    OpenForm,
    SurveySettingsForm,
)
from booking.network.survey_questions import answered_question_ids
from booking.network.survey_schools import schools_of
from booking.network.views import bp
from booking.web.database import carry_out, db
from booking.web.forms import add_service_error
from booking.web.security import organisers_only

NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/manage/surveys")
@organisers_only
def surveys():
    """Every survey: its title, school year, age group, status, schools and responses."""
    page = render_template("network/surveys.html", rows=setup.survey_rows(db()))
    return page, NO_STORE


def _with_surveys(form: SurveySettingsForm, survey: Survey | None = None):
    """The surveys to compare with (of earlier school years than ``survey``'s) and to copy."""
    choices = setup.surveys_to_compare(
        db(),
        except_id=survey.id if survey else None,
        before_year=survey.year_start if survey else None,
    )
    form.compare_with.choices = [NO_COMPARISON] + [SelectChoice(str(i), t) for i, t in choices]
    if isinstance(form, NewSurveyForm):
        form.copy_from.choices = [SelectChoice("", "Choose a survey")] + [
            SelectChoice(str(i), t) for i, t in choices
        ]
        if not choices:
            form.start.choices = [c for c in form.start.choices if c.value != "copy"]
    return form


@bp.route("/manage/surveys/new", methods=["GET", "POST"])
@organisers_only
def new_survey():
    """Create a survey: from the cybersafety questions, a copy of an earlier one, or blank."""
    form = _with_surveys(NewSurveyForm())
    if not form.is_submitted():
        this_year = academic_year_starting(local(utcnow()).date())
        form.fill_with(setup.template_settings(this_year))
    if form.validate_on_submit():
        try:
            survey = carry_out(
                setup.create_survey,
                start=form.start.data,
                settings=form.settings(),
                copy_from_id=form.copy_from_id(),
                actor_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal, fields=SURVEY_FIELDS)
        else:
            flash("The survey has been created. It is a draft until you open it.", "success")
            return redirect(url_for("network.survey", survey_id=survey.id))
    return render_template("network/new_survey.html", form=form), NO_STORE


@bp.route("/manage/surveys/<int:survey_id>", methods=["GET", "POST"])
@organisers_only
def survey(survey_id: int):
    """A survey's settings and questions; its POST opens or closes it (``open`` or ``close``
    in the ``action`` field)."""
    found = setup.get_survey(db(), survey_id)
    confirm = OpenForm()
    if confirm.is_submitted() and not confirm.validate():
        abort(400)
    if confirm.is_submitted():
        opening = confirm.action.data == "open"
        try:
            carry_out(
                setup.set_open,
                survey_id=survey_id,
                open_=opening,
                actor_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(
                "The survey is open to pupils." if opening else "The survey is closed.", "success"
            )
        return redirect(url_for("network.survey", survey_id=survey_id))
    page = render_template(
        "network/survey.html",
        survey=found,
        year=setup.year_label(found),
        closes=setup.closing_text(found),
        compared_with=setup.compared_with_text(found),
        taking_answers=setup.is_taking_answers(found, utcnow()),
        results_out=setup.results_out(db(), found, utcnow()),
        answered=answered_question_ids(db(), survey_id),
        schools=len(schools_of(db(), survey_id)),
        confirm=confirm,
    )
    return page, NO_STORE


@bp.route("/manage/surveys/<int:survey_id>/settings", methods=["GET", "POST"])
@organisers_only
def survey_settings(survey_id: int):
    """A survey's title, age group, school year, introduction, closing date and comparison."""
    found = setup.get_survey(db(), survey_id)
    form = _with_surveys(SurveySettingsForm(), found)
    if not form.is_submitted():
        form.fill_from(found)
    if form.validate_on_submit():
        try:
            carry_out(
                setup.change_settings,
                survey_id=survey_id,
                settings=form.settings(),
                actor_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal, fields=SURVEY_FIELDS)
        else:
            flash("The survey's settings have been saved.", "success")
            return redirect(url_for("network.survey", survey_id=survey_id))
    page = render_template("network/survey_settings.html", survey=found, form=form)
    return page, NO_STORE
