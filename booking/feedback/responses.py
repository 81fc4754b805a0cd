"""Responses to a feedback form: who may respond, giving and changing answers, and paper forms
an organiser types in.

Rules:
- Only a booking with a live check-in (walk-ins are bookings too) on an event with a feedback
  form may respond; one response per booking (a unique booking id in the database decides,
  so two submissions of the same link at once make one response).
- A response can be changed until the form closes (``rules.form_closes_at``: the organiser's
  date, or four weeks after the event ends); after that, nothing is accepted.
- An answer to a scale, choice or yes/no question is the index of an option it offers; short
  text is at most 200 characters, long text 2,000; a required question must be answered
  online (a paper form is typed in as written).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from booking.audit.services import record
from booking.bookings.models import Booking, BookingStatus
from booking.checkin.models import CheckIn, live_check_in_of
from booking.core.errors import EventNotEnded, InvalidLink, NotFound, Refused
from booking.core.formatting import long_date, time_of_day, whole_number
from booking.events.models import Event
from booking.feedback.links import NOT_VALID
from booking.feedback.models import (
    Answer,
    FeedbackForm,
    FeedbackResponse,
    Question,
    QuestionKind,
    ResponseSource,
)
from booking.feedback.rules import attended, event_form, form_closes_at, is_open

TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 200, QuestionKind.LONG_TEXT: 2000}


class AlreadyResponded(Refused):
    code = "already_responded"


class CannotRespond(Refused):
    """No feedback is asked for here: no form, or the person was not there."""

    code = "cannot_respond"


class FeedbackClosed(Refused):
    code = "feedback_closed"


class InvalidAnswers(Refused):
    """Answers break one rule or more: ``problems`` names each (question field, message)."""

    code = "invalid_answers"


def until(moment: datetime) -> str:
    """4pm on Tuesday 26 February 2019."""
    return f"{time_of_day(moment)} on {long_date(moment)}"


def field_name(question: Question) -> str:
    """The name of a question's answer in forms and in ``InvalidAnswers.problems``."""
    return f"q{question.id}"


@dataclass(frozen=True)
class Invitation:
    """What a feedback link opens: the booking's form, its closing time, and the response
    given already (None before the first)."""

    booking: Booking
    form: FeedbackForm
    closes_at: datetime
    response: FeedbackResponse | None


def invitation(session: Session, *, booking_id: int, now: datetime) -> Invitation:
    """The form a booking may answer. Raises InvalidLink ("invalid_link") for no such booking;
    CannotRespond ("cannot_respond") when the event has no form or the person was not checked
    in; FeedbackClosed ("feedback_closed") once the form has closed."""
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise InvalidLink(NOT_VALID)
    title = booking.event.title
    form = event_form(session, booking.event_id, with_questions=True)
    if form is None:
        raise CannotRespond(f"The organisers are not asking for feedback on {title}.")
    if not attended(session, booking):
        raise CannotRespond(
            f"Only the people who were at {title} can give feedback on it, and our register "
            "does not show you there. If you were, ask the organisers to mark you as attended."
        )
    ends = form_closes_at(form, form.event)
    if now >= ends:
        raise FeedbackClosed(f"Feedback on {title} closed at {until(ends)}.")
    response = session.scalar(
        select(FeedbackResponse)
        .where(FeedbackResponse.booking_id == booking.id)
        .options(selectinload(FeedbackResponse.answers))
    )
    return Invitation(booking, form, ends, response)


def may_respond_now(session: Session, booking_ids: list[int], *, now: datetime) -> set[int]:
    """Of these bookings, those that may give (or change) feedback now: confirmed, checked in,
    on an event whose feedback form is open. Raises nothing."""
    if not booking_ids:
        return set()
    rows = session.execute(
        select(Booking.id, FeedbackForm)
        .join(FeedbackForm, FeedbackForm.event_id == Booking.event_id)
        .join(CheckIn, live_check_in_of(Booking.id))
        .where(Booking.id.in_(booking_ids), Booking.status == BookingStatus.CONFIRMED)
        .options(joinedload(FeedbackForm.event))
    ).all()
    return {booking_id for booking_id, form in rows if is_open(form, form.event, now)}


def responded(session: Session, booking_ids: list[int]) -> set[int]:
    """Of these bookings, those whose holder has given feedback. Raises nothing."""
    if not booking_ids:
        return set()
    given = select(FeedbackResponse.booking_id).where(FeedbackResponse.booking_id.in_(booking_ids))
    return set(session.scalars(given))


def already_given(ends: datetime) -> str:
    return f"You have already given feedback — you can change it until {until(ends)}."


def given_answers(response: FeedbackResponse | None) -> dict[str, str]:
    """A response's answers as a form shows them: field name to option index or text."""
    if response is None:
        return {}
    return {
        f"q{a.question_id}": (str(a.option_index) if a.option_index is not None else a.text)
        for a in response.answers
    }


def checked_answers(
    form: FeedbackForm, answers: Mapping[str, str], *, required: bool = True
) -> list[Answer]:
    """Unsaved answers from what was typed (field name to value; blanks are no answer).
    Raises InvalidAnswers ("invalid_answers") naming every problem, on its question's field;
    with ``required`` False a required question may be left blank."""
    made, problems = [], []
    for question in form.questions:
        name = field_name(question)
        value = (answers.get(name) or "").strip()
        if not value:
            if required and question.required:
                problems.append((name, f"Answer the question: {question.text}"))
            continue
        problem = _problem(question, value)
        if problem:
            problems.append((name, problem))
        elif question.kind.is_text:
            made.append(Answer(question_id=question.id, text=value))
        else:
            made.append(Answer(question_id=question.id, option_index=whole_number(value)))
    if problems:
        raise InvalidAnswers.of(problems)
    return made


def _problem(question: Question, value: str) -> str | None:
    if question.kind.is_text:
        limit = TEXT_LIMITS[question.kind]
        if len(value) > limit:
            return f"Your answer to “{question.text}” must be {limit:,} characters or fewer"
        return None
    index = whole_number(value)
    if index is None or index >= len(question.options):
        return f"Choose one of the answers to: {question.text}"
    return None


def submit(
    session: Session, *, booking_id: int, answers: Mapping[str, str], now: datetime
) -> FeedbackResponse:
    """Give the booking's response (online). Raises what ``invitation`` raises; InvalidAnswers
    ("invalid_answers"); AlreadyResponded ("already_responded") when the booking has one, also
    when a twin submission stored it a moment earlier (the unique booking id decides)."""
    invited = invitation(session, booking_id=booking_id, now=now)
    if invited.response is not None:
        raise AlreadyResponded(already_given(invited.closes_at))
    response = FeedbackResponse(
        form_id=invited.form.id,
        booking_id=booking_id,
        source=ResponseSource.ONLINE,
        submitted_at=now,
        updated_at=now,
        answers=checked_answers(invited.form, answers),
    )
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        raise AlreadyResponded(already_given(invited.closes_at)) from None
    return response


def change(
    session: Session, *, booking_id: int, answers: Mapping[str, str], now: datetime
) -> FeedbackResponse:
    """Replace the booking's answers while the form is open. The response's row is locked
    first, so two changes at once apply one after the other (the second sees the first's
    answers). Raises what ``invitation`` raises; InvalidAnswers ("invalid_answers"); NotFound
    ("not_found") with no response yet."""
    invited = invitation(session, booking_id=booking_id, now=now)
    if invited.response is None:
        raise NotFound("There is no feedback to change yet.")
    response = session.scalar(
        select(FeedbackResponse)
        .where(FeedbackResponse.id == invited.response.id)
        .with_for_update()
        .options(selectinload(FeedbackResponse.answers))
        .execution_options(populate_existing=True)
    )
    new = {a.question_id: a for a in checked_answers(invited.form, answers)}
    for answer in list(response.answers):
        if answer.question_id not in new:
            response.answers.remove(answer)
            continue
        given = new.pop(answer.question_id)
        answer.option_index, answer.text = given.option_index, given.text or ""
    response.answers.extend(new.values())
    response.updated_at = now
    return response


@dataclass(frozen=True)
class PaperEntered:
    response_id: int
    number: int  # how many paper responses the form has now


def enter_paper_response(
    session: Session, *, event_id: int, answers: Mapping[str, str], by_id: int, now: datetime
) -> PaperEntered:
    """Store a paper form an organiser typed in, counted as a paper response (the caller
    checks the organiser role); audited "feedback.paper_entered".

    Raises NotFound ("not_found") for no such event or form; EventNotEnded ("event_not_ended")
    before the event ends; FeedbackClosed ("feedback_closed") after the form closes;
    InvalidAnswers ("invalid_answers") for a bad answer or none at all.
    """
    event = session.get(Event, event_id)
    form = event_form(session, event_id, with_questions=True) if event else None
    if form is None:
        raise NotFound("This event has no feedback form.")
    if now < event.ends_at:
        raise EventNotEnded("Paper forms can be typed in once the event has ended.")
    if not is_open(form, event, now):
        ends = until(form_closes_at(form, event))
        raise FeedbackClosed(f"The form closed at {ends}. Change its closing date to add more.")
    made = checked_answers(form, answers, required=False)
    if not made:
        raise InvalidAnswers("Enter at least one answer from the paper form")
    response = FeedbackResponse(
        form_id=form.id,
        source=ResponseSource.PAPER,
        submitted_at=now,
        updated_at=now,
        entered_by_id=by_id,
        answers=made,
    )
    session.add(response)
    session.flush()
    record(
        session,
        actor_id=by_id,
        action="feedback.paper_entered",
        subject_type="event",
        subject_id=event_id,
        now=now,
        form_id=form.id,
        response_id=response.id,
    )
    return PaperEntered(response.id, paper_count(session, form.id))


def paper_count(session: Session, form_id: int) -> int:
    return session.scalar(
        select(func.count()).where(
            FeedbackResponse.form_id == form_id,
            FeedbackResponse.source == ResponseSource.PAPER,
        )
    )
