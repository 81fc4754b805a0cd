"""The rules of a feedback form: when it closes, whether it is open, and which of its
questions are answered (and so keep their wording)."""

from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from booking.core.formatting import date_and_time, long_date
from booking.feedback.models import Answer, FeedbackResponse, Question

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
    """Whether the form takes responses at ``now``: from the end of the event until it closes."""
    return event.ends_at <= now < form_closes_at(form, event)


def answered_question_ids(session: Session, form_id: int) -> set[int]:
    """The form's questions that at least one response answers: their wording and options are
    locked (new questions can still be added)."""
    answered = select(Answer.question_id).join(Question).where(Question.form_id == form_id)
    return set(session.scalars(answered.distinct()))


def is_answered(session: Session, question_id: int) -> bool:
    """Whether any response answers the question (its wording is then locked)."""
    return session.scalar(select(exists().where(Answer.question_id == question_id))) or False


def has_responses(session: Session, form_id: int) -> bool:
    """Whether anyone has responded to the form."""
    found = exists().where(FeedbackResponse.form_id == form_id)
    return session.scalar(select(found)) or False


def closing_text(form: FormLike, event: EventLike) -> str:
    """When the form closes, as the builder page says it: "At the end of Friday 26 February
    2027" for a date the organiser set, otherwise the moment four weeks after the event."""
    if form.closes_at:
        return f"At the end of {long_date(form.closes_at - timedelta(seconds=1))}"
    closes_at = form_closes_at(form, event)
    return f"{date_and_time(closes_at)} (four weeks after the event)"
