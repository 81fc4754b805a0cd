"""The rules of a feedback form: which is the event's form, when it closes, whether it is
open, who attended (and so may respond and have a certificate), and which of its questions
are answered (and so keep their wording)."""

from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from booking.bookings.models import Booking, BookingStatus
from booking.checkin.models import live_check_in_of
from booking.core.formatting import date_and_time, long_date
from booking.feedback.models import Answer, FeedbackForm, Question

DEFAULT_OPEN_FOR = timedelta(days=28)
LOCKED_MESSAGE = "People have answered this question, so its wording and options cannot change"


class FormLike(Protocol):
    closes_at: datetime | None


class EventLike(Protocol):
    ends_at: datetime


def form_closes_at(form: FormLike, event: EventLike) -> datetime:
    """When the form stops taking responses: the closing time the organiser set, or four weeks
    after the event ends."""
    return form.closes_at or event.ends_at + DEFAULT_OPEN_FOR


def is_open(form: FormLike, event: EventLike, now: datetime) -> bool:
    """Whether the form takes responses at ``now``: until it closes (a person checked in may
    answer from then; paper forms wait for the end of the event, ``enter_paper_response``)."""
    return now < form_closes_at(form, event)


def event_form(
    session: Session, event_id: int, *, with_questions: bool = False
) -> FeedbackForm | None:
    """The event's feedback form (an event has one at most), its questions loaded too with
    ``with_questions``; None when it has none. Raises nothing."""
    query = select(FeedbackForm).where(FeedbackForm.event_id == event_id)
    if with_questions:
        query = query.options(selectinload(FeedbackForm.questions))
    return session.scalar(query)


def attended(session: Session, booking: Booking) -> bool:
    """Whether the booking's holder was there: a confirmed place with a live check-in
    (walk-ins are bookings too). Only they respond and have a certificate. Raises nothing."""
    if booking.status != BookingStatus.CONFIRMED:
        return False
    return session.scalar(select(exists().where(live_check_in_of(booking.id)))) or False


def answered_question_ids(session: Session, form_id: int) -> set[int]:
    """The form's questions that at least one response answers: their wording and options are
    locked (new questions can still be added)."""
    answered = select(Answer.question_id).join(Question).where(Question.form_id == form_id)
    return set(session.scalars(answered.distinct()))


def is_answered(session: Session, question_id: int) -> bool:
    """Whether any response answers the question (its wording is then locked)."""
    return session.scalar(select(exists().where(Answer.question_id == question_id))) or False


def closing_text(form: FormLike, event: EventLike) -> str:
    """When the form closes, as the builder page says it: "At the end of Friday 26 February
    2027" for a date the organiser set, otherwise the moment four weeks after the event."""
    if form.closes_at:
        return f"At the end of {long_date(form.closes_at - timedelta(seconds=1))}"
    closes_at = form_closes_at(form, event)
    return f"{date_and_time(closes_at)} (four weeks after the event)"
