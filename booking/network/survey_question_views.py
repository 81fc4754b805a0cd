"""Organisers add, change, move and remove a survey's questions, with the feedback builder's
question form and page."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.feedback import scales
from booking.feedback.builder_views import add_broken_rules, removal_page
from booking.network import survey_questions as questions
from booking.network.survey_forms import SurveyQuestionForm, survey_kind_items
from booking.network.surveys import get_survey
from booking.network.views import bp
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm, add_service_error
from booking.web.security import organisers_only

BASE = "/manage/surveys/<int:survey_id>/questions"
NO_STORE = {"Cache-Control": "no-store"}


def _page(survey, form: SurveyQuestionForm, heading: str, locked: bool = False):
    form.scale.choices = [SelectChoice("", "Choose a scale")] + [
        SelectChoice(s.name, f"{s.name}: {' / '.join(s.labels)}") for s in scales.library(db())
    ]
    page = render_template(
        "network/survey_question.html",
        survey=survey,
        form=form,
        heading=heading,
        kind_items=survey_kind_items(),
        locked=locked,
    )
    return page, NO_STORE


def _save(service, form: SurveyQuestionForm, **ids) -> bool:
    try:
        carry_out(
            service,
            fields=form.fields(),
            finding=form.finding.data or "",
            actor_id=current_user.id,
            now=utcnow(),
            **ids,
        )
    except Refused as refusal:
        add_service_error(form, refusal)
        return False
    return True


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@organisers_only
def add_survey_question(survey_id: int):
    survey = get_survey(db(), survey_id)
    form = SurveyQuestionForm()
    if form.validate_on_submit():
        if _save(questions.add_question, form, survey_id=survey_id):
            flash("The question has been added.", "success")
            return redirect(url_for("network.survey", survey_id=survey_id))
    else:
        add_broken_rules(form)
    return _page(survey, form, "Add a question")


@bp.route(f"{BASE}/<int:question_id>", methods=["GET", "POST"])
@organisers_only
def edit_survey_question(survey_id: int, question_id: int):
    survey = get_survey(db(), survey_id)
    question = questions.survey_question(db(), survey_id=survey_id, question_id=question_id)
    locked = question.id in questions.answered_question_ids(db(), survey_id)
    form = SurveyQuestionForm()
    if not form.is_submitted():
        form.fill_from(question)
    if form.validate_on_submit():
        ids = {"survey_id": survey_id, "question_id": question_id}
        if _save(questions.edit_question, form, **ids):
            flash("The question has been changed.", "success")
            return redirect(url_for("network.survey", survey_id=survey_id))
    else:
        add_broken_rules(form)
    return _page(survey, form, "Change a question", locked)


@bp.post(f"{BASE}/<int:question_id>/move-<any(up, down):direction>")
@organisers_only
def move_survey_question(survey_id: int, question_id: int, direction: str):
    """Move a question one place up or down the survey."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    carry_out(
        questions.move_question,
        survey_id=survey_id,
        question_id=question_id,
        up=direction == "up",
        actor_id=current_user.id,
        now=utcnow(),
    )
    return redirect(url_for("network.survey", survey_id=survey_id, _anchor=f"q{question_id}"))


@bp.route(f"{BASE}/<int:question_id>/remove", methods=["GET", "POST"])
@organisers_only
def remove_survey_question(survey_id: int, question_id: int):
    """Ask "Are you sure?", then remove a question no pupil has answered."""
    return removal_page(
        questions.remove_question,
        owner=get_survey(db(), survey_id).title,
        back=url_for("network.survey", survey_id=survey_id),
        question=questions.survey_question(db(), survey_id=survey_id, question_id=question_id),
        survey_id=survey_id,
        question_id=question_id,
    )
