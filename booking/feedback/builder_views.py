"""Organisers build an event's feedback form; the event's trainers may read it."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from booking.core.clock import utcnow
from booking.core.errors import NotFound, Refused
from booking.feedback import builder, scales
from booking.feedback.forms import (
    FORM_FIELDS,
    QuestionForm,
    ScaleForm,
    SettingsForm,
    StartForm,
    kind_items,
)
from booking.feedback.models import Question, QuestionKind
from booking.feedback.rules import DEFAULT_OPEN_FOR, answered_question_ids, closing_text
from booking.feedback.views import bp
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm, add_service_error
from booking.web.security import organisers_only

BASE = "/manage/events/<int:event_id>/feedback"
NO_STORE = {"Cache-Control": "no-store"}


def _builder(event_id: int) -> builder.Builder:
    return builder.builder_for(
        db(), event_id=event_id, person_id=current_user.id, role=current_user.role
    )


def _with_copies(start: StartForm, event_id: int) -> StartForm:
    """The events whose form can be copied; with none, no "copy" choice is offered."""
    copies = builder.forms_to_copy(db(), except_event_id=event_id)
    start.copy_from.choices = [SelectChoice(str(i), title) for i, title in copies]
    if not copies:
        start.start.choices = [c for c in start.start.choices if c.value != "copy"]
    return start


def _form_page(found: builder.Builder, start: StartForm | None = None):
    form = found.form
    if start is None and form is None and found.may_edit:
        start = _with_copies(StartForm(), found.event.id)
    page = render_template(
        "feedback/form.html",
        event=found.event,
        feedback_form=form,
        may_edit=found.may_edit,
        answered=answered_question_ids(db(), form.id) if form else set(),
        closes=closing_text(form, found.event) if form else None,
        form=start,
        confirm=ConfirmForm(),
    )
    return page, NO_STORE


@bp.get(BASE)
@login_required
def form(event_id: int):
    """The event's feedback form: its questions, with the organiser's actions; or, before it
    has one, the ways to start it."""
    return _form_page(_builder(event_id))


@bp.post(f"{BASE}/start")
@organisers_only
def start_form(event_id: int):
    """Create the event's form from a template, another event's form, or blank."""
    found = _builder(event_id)
    start = _with_copies(StartForm(), event_id)
    if start.validate_on_submit():
        try:
            carry_out(
                builder.create_form,
                event_id=event_id,
                start=start.start.data,
                copy_from_event_id=start.copy_from_id(),
                actor_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            where = FORM_FIELDS if start.copy_from.choices else {"copy_from": "start"}
            add_service_error(start, refusal, fields=where)
        else:
            flash("The feedback form has been created.", "success")
            return redirect(url_for("feedback.form", event_id=event_id))
    return _form_page(found, start)


def _question_page(found, question_form: QuestionForm, heading: str, locked: bool = False):
    library = scales.library(db())
    question_form.scale.choices = [SelectChoice("", "Choose a scale")] + [
        SelectChoice(s.name, f"{s.name}: {' / '.join(s.labels)}") for s in library
    ]
    page = render_template(
        "feedback/question.html",
        event=found.event,
        form=question_form,
        heading=heading,
        kind_items=kind_items(),
        locked=locked,
    )
    return page, NO_STORE


def add_broken_rules(question_form: QuestionForm) -> None:
    """Beside the form's own messages, the question rules what was typed breaks (its options,
    its scale), so that every problem shows at once: a feedback form's question or a
    survey's."""
    if not question_form.is_submitted() or question_form.kind.errors:
        return
    try:
        builder.question_values(db(), question_form.fields())
    except Refused as refusal:
        add_service_error(question_form, refusal)


def removal_page(remove, *, owner: str, back: str, question, **asked):
    """ "Remove this question?" for a feedback form's question or a survey's; once confirmed,
    ``remove`` (a builder's service, with ``asked`` and who and when) and back to ``back``,
    a refusal (an answered question) said there."""
    confirm = ConfirmForm()
    if confirm.validate_on_submit():
        try:
            carry_out(remove, actor_id=current_user.id, now=utcnow(), **asked)
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash("The question has been removed.", "success")
        return redirect(back)
    page = render_template(
        "feedback/remove_question.html", owner=owner, back=back, question=question, form=confirm
    )
    return page, NO_STORE


def _existing(found: builder.Builder) -> builder.Builder:
    if found.form is None:
        raise NotFound("This event has no feedback form yet")
    return found


@bp.route(f"{BASE}/questions/new", methods=["GET", "POST"])
@organisers_only
def add_question(event_id: int):
    found = _existing(_builder(event_id))
    question_form = QuestionForm()
    if question_form.validate_on_submit():
        try:
            carry_out(
                builder.add_question,
                event_id=event_id,
                fields=question_form.fields(),
                actor_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(question_form, refusal)
        else:
            flash("The question has been added.", "success")
            return redirect(url_for("feedback.form", event_id=event_id))
    else:
        add_broken_rules(question_form)
    return _question_page(found, question_form, "Add a question")


def _question_of(found: builder.Builder, question_id: int) -> Question:
    question = db().get(Question, question_id)
    if question is None or question.form_id != found.form.id:
        raise NotFound("Question not found")
    return question


@bp.route(f"{BASE}/questions/<int:question_id>", methods=["GET", "POST"])
@organisers_only
def edit_question(event_id: int, question_id: int):
    found = _existing(_builder(event_id))
    question = _question_of(found, question_id)
    locked = question.id in answered_question_ids(db(), found.form.id)
    question_form = QuestionForm()
    if not question_form.is_submitted():
        question_form.fill_from(question)
    if question_form.validate_on_submit():
        try:
            carry_out(
                builder.edit_question,
                event_id=event_id,
                question_id=question_id,
                fields=question_form.fields(),
                actor_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(question_form, refusal)
        else:
            flash("The question has been changed.", "success")
            return redirect(url_for("feedback.form", event_id=event_id))
    else:
        add_broken_rules(question_form)
    return _question_page(found, question_form, "Change a question", locked)


@bp.post(f"{BASE}/questions/<int:question_id>/move-<any(up, down):direction>")
@organisers_only
def move_question(event_id: int, question_id: int, direction: str):
    """Move a question one place up or down the form."""
    _existing(_builder(event_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    carry_out(
        builder.move_question,
        event_id=event_id,
        question_id=question_id,
        up=direction == "up",
        actor_id=current_user.id,
        now=utcnow(),
    )
    return redirect(url_for("feedback.form", event_id=event_id, _anchor=f"q{question_id}"))


@bp.route(f"{BASE}/questions/<int:question_id>/remove", methods=["GET", "POST"])
@organisers_only
def remove_question(event_id: int, question_id: int):
    """Ask "Are you sure?", then remove a question nobody has answered."""
    found = _existing(_builder(event_id))
    return removal_page(
        builder.remove_question,
        owner=found.event.title,
        back=url_for("feedback.form", event_id=event_id),
        question=_question_of(found, question_id),
        event_id=event_id,
        question_id=question_id,
    )


@bp.route(f"{BASE}/settings", methods=["GET", "POST"])
@organisers_only
def settings(event_id: int):
    """The form's title, introduction, closing date and certificate setting."""
    found = _existing(_builder(event_id))
    settings_form = SettingsForm()
    if not settings_form.is_submitted():
        _fill_settings(settings_form, found.form)
    if settings_form.validate_on_submit():
        try:
            carry_out(
                builder.change_settings,
                event_id=event_id,
                settings=settings_form.settings(),
                actor_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(settings_form, refusal)
        else:
            flash("The form's settings have been saved.", "success")
            return redirect(url_for("feedback.form", event_id=event_id))
    page = render_template(
        "feedback/settings.html",
        event=found.event,
        form=settings_form,
        default_closes_at=found.event.ends_at + DEFAULT_OPEN_FOR,
    )
    return page, NO_STORE


def _fill_settings(settings_form: SettingsForm, feedback_form) -> None:
    settings_form.title.data = feedback_form.title
    settings_form.introduction.data = feedback_form.introduction
    settings_form.certificate_needs_feedback.data = feedback_form.certificate_needs_feedback
    if feedback_form.closes_at:
        settings_form.closes_on.data = builder.last_day(feedback_form.closes_at)


@bp.route("/manage/feedback/scales", methods=["GET", "POST"])
@organisers_only
def scale_library():
    """The library of scales, and a form to add one."""
    scale_form = ScaleForm()
    if scale_form.validate_on_submit():
        try:
            scale = carry_out(
                scales.save_scale,
                name=scale_form.name.data or "",
                labels=scales.lines_of(scale_form.labels.data),
                by_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(scale_form, refusal, fields=FORM_FIELDS)
        else:
            flash(f"The scale “{scale.name}” is in the library.", "success")
            return redirect(url_for("feedback.scale_library"))
    page = render_template(
        "feedback/scales.html", library=scales.library(db()), form=scale_form, kinds=QuestionKind
    )
    return page, NO_STORE
