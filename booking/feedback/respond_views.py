"""Giving feedback from the personal link (public: it works signed out), the thank-you page,
paper forms typed in by organisers, and the "Give feedback" links of My bookings."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.events.rules import get_event
from booking.feedback import responses
from booking.feedback.certificates import certificate_offer
from booking.feedback.forms import GIVEN, AnswersForm, answers_form
from booking.feedback.links import booking_id_from_token, feedback_token
from booking.feedback.responses import (
    TEXT_LIMITS,
    AlreadyResponded,
    CannotRespond,
    FeedbackClosed,
    InvalidAnswers,
    Invitation,
)
from booking.feedback.rules import event_form
from booking.feedback.views import bp
from booking.web.database import carry_out, db
from booking.web.forms import add_service_error
from booking.web.security import organisers_only

NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
SAVED = "saved"  # the flash shown beside the paper form, not at the top of the page


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _invited(token: str) -> Invitation:
    booking_id = booking_id_from_token(_secret(), token)
    return responses.invitation(db(), booking_id=booking_id, now=utcnow())


def _problem(refusal: Refused):
    """The page for a link that cannot be used: it says why, and names nobody."""
    status = {CannotRespond: 403, FeedbackClosed: 410}.get(type(refusal), 404)
    return render_template("feedback/link_problem.html", message=refusal.message), status, NO_STORE


@bp.route("/feedback/<token>", methods=["GET", "POST"])
def respond(token: str):
    """The feedback form of the booking the link was made for: a new response, or the one
    given, prefilled, to change until the form closes."""
    try:
        invited = _invited(token)
    except Refused as refusal:
        return _problem(refusal)
    given = {"given": GIVEN} if invited.response else {}
    if not (form := _answers(invited, given)).validate_on_submit():
        return _page(invited, form, token)
    changing = form.given.data == GIVEN and invited.response is not None
    service = responses.change if changing else responses.submit
    try:
        carry_out(service, booking_id=invited.booking.id, answers=form.answers(), now=utcnow())
    except AlreadyResponded as refusal:
        form.given.data = GIVEN
        return _page(invited, form, token, notice=refusal.message)
    except InvalidAnswers as refusal:
        add_service_error(form, refusal)
        return _page(invited, form, token)
    except Refused as refusal:  # the form closed, or the check-in was undone, meanwhile
        return _problem(refusal)
    return redirect(url_for("feedback.thanks", token=token))


def _answers(invited: Invitation, given: dict) -> AnswersForm:
    if request.method == "POST":  # what was sent, and nothing else
        return answers_form(invited.form.questions)
    data = responses.given_answers(invited.response) | given
    return answers_form(invited.form.questions, data=data)


def _page(invited: Invitation, form: AnswersForm, token: str, notice: str | None = None):
    if notice is None and invited.response is not None and not form.errors:
        notice = responses.already_given(invited.closes_at)
    page = render_template(
        "feedback/respond.html",
        event=invited.booking.event,
        feedback_form=invited.form,
        form=form,
        notice=notice,
        limits=TEXT_LIMITS,
        action=url_for("feedback.respond", token=token),
    )
    return page, NO_STORE


@bp.get("/feedback/<token>/thanks")
def thanks(token: str):
    """After sending: thanks, and until when the answers can be changed."""
    try:
        invited = _invited(token)
    except Refused as refusal:
        return _problem(refusal)
    if invited.response is None:
        return redirect(url_for("feedback.respond", token=token))
    page = render_template(
        "feedback/thanks.html",
        event=invited.booking.event,
        until=responses.until(invited.closes_at),
        token=token,
        certificate_ready=certificate_offer(db(), invited.booking, utcnow()) is None,
    )
    return page, NO_STORE


@bp.route("/manage/events/<int:event_id>/feedback/paper", methods=["GET", "POST"])
@organisers_only
def paper_entry(event_id: int):
    """Type in paper forms after the event, one per submit; each counts as a paper response
    and the page comes back empty, ready for the next."""
    event = get_event(db(), event_id, include_drafts=True)
    feedback_form = event_form(db(), event.id, with_questions=True)
    if feedback_form is None:
        return render_template("feedback/paper.html", event=event, feedback_form=None), NO_STORE
    form = answers_form(feedback_form.questions)
    if form.validate_on_submit():
        try:
            entered = carry_out(
                responses.enter_paper_response,
                event_id=event.id,
                answers=form.answers(),
                by_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal)
        else:
            flash(f"Paper response {entered.number} saved", SAVED)
            return redirect(url_for("feedback.paper_entry", event_id=event.id))
    page = render_template(
        "feedback/paper.html",
        event=event,
        feedback_form=feedback_form,
        form=form,
        limits=TEXT_LIMITS,
        count=responses.paper_count(db(), feedback_form.id),
        saved=SAVED,
    )
    return page, NO_STORE


@bp.app_template_global("feedback_links")
def feedback_links(bookings) -> dict[int, str]:
    """My bookings' "Give feedback" links: booking id to its personal link, for each of these
    bookings that may respond now."""
    ids = responses.may_respond_now(db(), [b.id for b in bookings], now=utcnow())
    return {i: url_for("feedback.respond", token=feedback_token(_secret(), i)) for i in ids}


@bp.app_template_global("feedback_given")
def feedback_given(bookings) -> set[int]:
    """Of My bookings' bookings, those whose feedback is given: their link reads "Change your
    feedback"."""
    return responses.responded(db(), [b.id for b in bookings])
