"""An event's feedback summary: the page (figures, charts with their tables, free-text answers
to search and hide, "Copy as text"), and its files. Organisers see every event's; a trainer
sees the events they train, read-only (no hiding), and may download their files."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.models import Role
from booking.core.clock import utcnow
from booking.events.models import Event
from booking.feedback import exports, free_text, summary
from booking.feedback.charts import question_chart
from booking.feedback.copy_text import copy_text
from booking.feedback.models import FeedbackForm, Question
from booking.feedback.report_pdf import summary_pdf
from booking.feedback.rules import event_form
from booking.feedback.views import bp
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_template_global("feedback_chart")
def feedback_chart(question: summary.QuestionSummary, chart_id: str):
    """A question's chart, for ``templates/feedback/_summary.html``."""
    return question_chart(question, chart_id)


def _readable(event_id: int) -> Event:
    return summary.readable_event(
        db(), event_id=event_id, person_id=current_user.id, role=current_user.role
    )


@bp.get("/manage/events/<int:event_id>/feedback/summary", endpoint="summary")
@login_required
def summary_page(event_id: int):
    """The summary as a board report shows it, with the free-text answers (``words`` narrows
    them: only the words searched for are in the address)."""
    event = _readable(event_id)
    form = event_form(db(), event.id)
    if form is None:
        page = render_template("feedback/summary.html", event=event, summary=None)
        return page, {"Cache-Control": "no-store"}
    figures = summary.form_summary(db(), form.id)
    words = " ".join(free_text.query_words(request.args.get("words", "")))
    may_hide = current_user.role == Role.ORGANISER
    page = render_template(
        "feedback/summary.html",
        event=event,
        summary=figures,
        free_text=free_text.text_answers(db(), form.id, words=words, with_hidden=may_hide),
        words=words,
        listed=free_text.LISTED_PER_QUESTION,
        may_hide=may_hide,
        copy=copy_text(figures),
        form=ConfirmForm(),
    )
    return page, {"Cache-Control": "no-store"}


@bp.post("/manage/events/<int:event_id>/feedback/answers/<int:answer_id>/<any(hide, show):do>")
@login_required
def hide_answer(event_id: int, answer_id: int, do: str):
    """Hide a free-text answer from exports, or show it again (``free_text.set_hidden``)."""
    event = _readable(event_id)
    if not ConfirmForm().validate_on_submit():
        flash("The page had expired: try again.", "error")
    else:
        carry_out(
            free_text.set_hidden,
            event_id=event.id,
            answer_id=answer_id,
            hidden=do == "hide",
            by_id=current_user.id,
            role=current_user.role,
            now=utcnow(),
        )
        done = "hidden from exports" if do == "hide" else "shown in exports again"
        flash(f"The answer is {done}.", "success")
    words = " ".join(free_text.query_words(request.form.get("words", "")))
    target = url_for("feedback.summary", event_id=event.id, words=words or None)
    return redirect(f"{target}#answer-{answer_id}")


def _download(event: Event, file: str, body, mimetype: str) -> Response:
    """A file of the event's feedback, audited first, never cached, named after the event's id
    ("feedback-responses-12.csv")."""
    exports.record_export(db(), event_id=event.id, file=file, by_id=current_user.id, now=utcnow())
    db().commit()
    stem, extension = file.rsplit(".", 1)
    response = Response(body, mimetype=mimetype)
    name = f"feedback-{stem}-{event.id}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _streamed(form_id: int, write):
    """``write(header, rows)``'s chunks, reading the rows in a session of their own (the
    request's has committed the audit entry; SQLite's write lock is not held meanwhile). Not
    the shared reader: on PostgreSQL it runs in autocommit, where the batched read's
    server-side cursor cannot be declared."""
    engine = current_app.extensions["engine"]

    def chunks():
        with Session(engine) as session:
            questions = session.scalars(
                select(Question).where(Question.form_id == form_id).order_by(Question.position)
            ).all()
            header = exports.raw_header(questions)
            yield from write(header, exports.raw_rows(session, form_id, questions))

    return chunks()


@bp.get("/manage/events/<int:event_id>/feedback/responses.csv")
@login_required
def responses_csv(event_id: int):
    """Every response as CSV, one row each, no names; streamed."""
    event = _readable(event_id)
    form = summary.form_of_event(db(), event.id)
    body = _streamed(form.id, exports.raw_csv)
    return _download(event, "responses.csv", body, "text/csv")


@bp.get("/manage/events/<int:event_id>/feedback/responses.xlsx")
@login_required
def responses_xlsx(event_id: int):
    """Every response as an Excel workbook, one row each, no names; streamed."""
    event = _readable(event_id)
    form = summary.form_of_event(db(), event.id)
    title = f"Feedback {event.id}"
    body = _streamed(form.id, lambda header, rows: exports.raw_xlsx(title, header, rows))
    return _download(event, "responses.xlsx", body, XLSX)


@bp.get("/manage/events/<int:event_id>/feedback/summary.xlsx")
@login_required
def summary_xlsx(event_id: int):
    """The summary as an Excel workbook: a sheet for the event's form and one for each of its
    workshops' forms."""
    event = _readable(event_id)
    form = summary.form_of_event(db(), event.id)
    workshop_forms = (
        db()
        .scalars(
            select(FeedbackForm.id)
            .join(Event, Event.id == FeedbackForm.event_id)
            .where(Event.parent_id == event.id)
            .order_by(Event.starts_at, Event.id)
        )
        .all()
    )
    summaries = [summary.form_summary(db(), form_id) for form_id in [form.id, *workshop_forms]]
    return _download(event, "summary.xlsx", exports.summary_xlsx(summaries), XLSX)


@bp.get("/manage/events/<int:event_id>/feedback/summary.pdf")
@login_required
def summary_pdf_file(event_id: int):
    """The summary as a PDF for a board paper, free-text answers included (hidden ones not)."""
    event = _readable(event_id)
    form = summary.form_of_event(db(), event.id)
    figures = summary.form_summary(db(), form.id, with_comments=True)
    pdf = summary_pdf(figures, current_app.config["PARTNERSHIP_NAME"])
    return _download(event, "summary.pdf", pdf, "application/pdf")
