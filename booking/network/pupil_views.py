"""Pupils answer the survey through their school's link: public, no account, nothing about
them stored or logged. One tablet takes a whole class: after sending, the thank-you page starts
the survey again for the next pupil."""

from flask import current_app, redirect, render_template, request, url_for

from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.feedback.forms import AnswersForm, answers_form
from booking.feedback.responses import TEXT_LIMITS, InvalidAnswers
from booking.network import pupil
from booking.network.survey_forms import SubmissionForm
from booking.network.views import bp
from booking.web.database import carry_out, db
from booking.web.forms import add_service_error

NO_STORE = {"Cache-Control": "no-store"}  # a shared tablet's cache keeps nothing


def _problem(refusal: Refused):
    """The page for a link that cannot be used: unknown (404) or closed (410)."""
    unknown = isinstance(refusal, pupil.UnknownSurveyLink)
    page = render_template("network/pupil_problem.html", title=refusal.message, unknown=unknown)
    return page, 404 if unknown else 410, NO_STORE


def _page(opened: pupil.PupilSurvey, form: AnswersForm, code: str, status: int = 200):
    page = render_template(
        "network/pupil_survey.html",
        survey=opened.survey,
        form=form,
        token=_sent_token() if request.method == "POST" else pupil.new_submission_token(),
        limits=TEXT_LIMITS,
        action=url_for("network.pupil_survey", code=code),
    )
    return page, status, NO_STORE


def _sent_token() -> str:
    """The page's own token, kept when the page comes back unsent (a missed answer, a
    throttled network), so pressing Send again still stores one response."""
    token = SubmissionForm().token.data or ""
    return token if pupil.TOKEN.fullmatch(token) else pupil.new_submission_token()


@bp.route("/survey/<code>", methods=["GET", "POST"])
def pupil_survey(code: str):
    """The survey of the school whose link this is, one question after another; sending it
    stores the pupil's answers once (a reload stores nothing more) and thanks them."""
    try:
        opened = pupil.survey_for_pupils(db(), code=code, now=utcnow())
    except Refused as refusal:
        return _problem(refusal)
    form = answers_form(opened.questions)
    if not form.validate_on_submit():
        return _page(opened, form, code)
    sent = {"code": code, "token": SubmissionForm().token.data or "", "answers": form.answers()}
    try:  # the throttle's record is committed on its own, before the response is stored
        carry_out(
            pupil.admit_submission,
            **sent,
            client=request.remote_addr or "",
            secret=current_app.config["SECRET_KEY"],
            now=utcnow(),
        )
        carry_out(pupil.submit_answers, **sent, now=utcnow())
    except (InvalidAnswers, pupil.BadSubmission) as refusal:
        add_service_error(form, refusal)
        return _page(opened, form, code)
    except pupil.TooManyAnswers as refusal:
        form.form_errors.append(refusal.message)
        return _page(opened, form, code, status=429)
    except Refused as refusal:  # closed meanwhile
        return _problem(refusal)
    return redirect(url_for("network.pupil_thanks", code=code))


@bp.get("/survey/<code>/thanks")
def pupil_thanks(code: str):
    """Thanks, and the button that starts the survey again for the next pupil."""
    try:
        pupil.survey_for_pupils(db(), code=code, now=utcnow())
    except pupil.UnknownSurveyLink as refusal:
        return _problem(refusal)
    except Refused:
        pass  # it closed as the last pupil sent: their answers are saved all the same
    page = render_template(
        "network/pupil_thanks.html", again=url_for("network.pupil_survey", code=code)
    )
    return page, NO_STORE
