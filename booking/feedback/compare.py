"""One question compared across events: "Overall satisfaction" for each E-safety training day of
2026/27. A question is the same question on another event's form when its wording is the same
(case and spaces aside); events are those of a programme, of an academic year (1 September to
31 August, Europe/London), or both. Each event's percentages follow
``core.formatting.whole_percent``."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from booking.core.formatting import local, one_line
from booking.core.periods import academic_year_bounds, academic_year_starting
from booking.events.models import Event, EventStatus
from booking.feedback.models import FeedbackForm, FeedbackResponse, Question, QuestionKind
from booking.feedback.summary import OptionFigure, TopTwo, answer_counts, question_summary

CHOICE_KINDS = (QuestionKind.SCALE, QuestionKind.CHOICE, QuestionKind.YES_NO)


@dataclass(frozen=True)
class EventRow:
    event_id: int
    title: str
    starts_at: datetime
    responses: int
    answered: int
    options: list[OptionFigure]
    top_two: TopTwo | None

    def count_of(self, label: str) -> int:
        return sum(option.count for option in self.options if option.label == label)

    def percent_of(self, label: str) -> int | None:
        return next((o.percent for o in self.options if o.label == label), None)


@dataclass(frozen=True)
class Comparison:
    question: str
    labels: list[str]  # every option any of the events offers, in the order first met
    rows: list[EventRow]  # by date


def academic_year_of(moment: datetime) -> int:
    """The academic year a moment falls in, by the year it starts (Europe/London)."""
    return academic_year_starting(local(moment).date())


def question_choices(session: Session) -> list[str]:
    """The wordings of the questions with options on any form, each once, alphabetically."""
    texts = session.scalars(select(Question.text).where(Question.kind.in_(CHOICE_KINDS))).all()
    return sorted({_key(text): one_line(text) for text in texts}.values(), key=str.lower)


def programme_choices(session: Session) -> list[str]:
    """The programmes of the events that have a feedback form, alphabetically."""
    return list(
        session.scalars(
            select(Event.programme)
            .join(FeedbackForm, FeedbackForm.event_id == Event.id)
            .where(Event.programme != "")
            .distinct()
            .order_by(Event.programme)
        )
    )


def year_choices(session: Session) -> list[int]:
    """The academic years in which an event with a feedback form started, newest first."""
    starts = session.scalars(
        select(Event.starts_at).join(FeedbackForm, FeedbackForm.event_id == Event.id)
    ).all()
    return sorted({academic_year_of(start) for start in starts}, reverse=True)


def compare(
    session: Session, *, question: str, programme: str = "", year: int | None = None
) -> Comparison:
    """The question's figures for each published event of the programme and/or academic year
    whose form asks it (the first such question of a form), oldest event first; drafts and
    cancelled events are left out. The wording is matched here, not in SQL, so that case
    folds alike for every letter on both databases. Four statements.
    Raises nothing: no matching event gives no rows."""
    wanted = _key(question)
    conditions = [Question.kind.in_(CHOICE_KINDS), Event.status == EventStatus.PUBLISHED]
    if programme:
        conditions.append(Event.programme == programme)
    if year is not None:
        starts, ends = academic_year_bounds(year)
        conditions += [Event.starts_at >= starts, Event.starts_at < ends]
    found = session.execute(
        select(Question, Event.id, Event.title, Event.starts_at)
        .join(FeedbackForm, FeedbackForm.id == Question.form_id)
        .join(Event, Event.id == FeedbackForm.event_id)
        .where(*conditions)
        .order_by(Event.starts_at, Event.id, Question.position)
    ).all()
    firsts = {}
    for row in found:
        if _key(row[0].text) == wanted:
            firsts.setdefault(row[0].form_id, row)
    return _comparison(session, one_line(question), list(firsts.values()))


def _comparison(session: Session, question: str, found: list) -> Comparison:
    form_ids = [row[0].form_id for row in found]
    responses = dict(
        session.execute(
            select(FeedbackResponse.form_id, func.count(FeedbackResponse.id))
            .where(FeedbackResponse.form_id.in_(form_ids))
            .group_by(FeedbackResponse.form_id)
        ).all()
    )
    counts = answer_counts(session, [row[0] for row in found])
    rows, labels = [], {}
    for q, event_id, title, starts_at in found:
        given = responses.get(q.form_id, 0)
        figures = question_summary(q, q.position, counts, given, [])
        labels.update(dict.fromkeys(option.label for option in figures.options))
        rows.append(
            EventRow(
                event_id,
                title,
                starts_at,
                given,
                figures.answered,
                figures.options,
                figures.top_two,
            )
        )
    return Comparison(question, list(labels), rows)


def _key(text: str) -> str:
    return one_line(text).lower()
