"""Free-text answers: listed and searched on the summary page, never beside a name; an organiser
can hide one from exports (and show it again), each change in the audit log."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from booking.accounts.models import Role
from booking.audit.services import record
from booking.core.errors import NotAllowed, NotFound
from booking.core.formatting import one_line
from booking.feedback.models import Answer, FeedbackResponse, Question, QuestionKind

LISTED_PER_QUESTION = 200  # the page lists this many answers of a question; search narrows
MAX_SEARCH_WORDS = 8
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


@dataclass(frozen=True)
class TextAnswer:
    answer_id: int
    question_id: int
    text: str
    submitted_at: datetime
    hidden: bool


@dataclass(frozen=True)
class TextAnswers:
    answers: dict[int, list[TextAnswer]]  # by question, newest response first
    totals: dict[int, int]  # how many match, by question (more than listed when cut)


def text_answers(
    session: Session, form_id: int, *, words: str = "", with_hidden: bool = False
) -> TextAnswers:
    """The form's free-text answers that hold every word of ``words`` (``query_words``) in any
    case; up to LISTED_PER_QUESTION a question, newest first. Answers an organiser hid are
    left out unless ``with_hidden`` (organisers see them, marked). Two statements, whatever
    the number of answers. Raises nothing."""
    matching = [
        Question.form_id == form_id,
        Question.kind.in_(TEXT_KINDS),  # the other questions' answers are never read
        Answer.text != "",
        *(_holds(word) for word in query_words(words)),
    ]
    if not with_hidden:
        matching.append(Answer.hidden_at.is_(None))
    totals = dict(
        session.execute(
            select(Answer.question_id, func.count(Answer.id))
            .join(Question, Question.id == Answer.question_id)
            .where(*matching)
            .group_by(Answer.question_id)
        ).all()
    )
    ranked = (
        select(
            Answer.id,
            Answer.question_id,
            Answer.text,
            FeedbackResponse.submitted_at,
            Answer.hidden_at,
            func.row_number()
            .over(partition_by=Answer.question_id, order_by=Answer.response_id.desc())
            .label("rank"),
        )
        .join(Question, Question.id == Answer.question_id)
        .join(FeedbackResponse, FeedbackResponse.id == Answer.response_id)
        .where(*matching)
        .subquery()
    )
    rows = session.execute(
        select(ranked).where(ranked.c.rank <= LISTED_PER_QUESTION).order_by(ranked.c.rank)
    ).all()
    answers: dict[int, list[TextAnswer]] = {}
    for answer_id, question_id, text, submitted_at, hidden_at, _rank in rows:
        answers.setdefault(question_id, []).append(
            TextAnswer(answer_id, question_id, text, submitted_at, hidden_at is not None)
        )
    return TextAnswers(answers, totals)


def query_words(words: str) -> list[str]:
    """What a search looks for: the first eight words typed, lower-cased, each at most 100
    characters (``%`` and ``_`` are matched as themselves)."""
    return [word[:100] for word in one_line(words).lower().split()][:MAX_SEARCH_WORDS]


def _holds(word: str):
    return func.lower(Answer.text).contains(word, autoescape=True)


def set_hidden(
    session: Session,
    *,
    event_id: int,
    answer_id: int,
    hidden: bool,
    by_id: int,
    role: Role,
    now: datetime,
) -> None:
    """Hide a free-text answer from exports, or show it again: organisers only. Audited
    ("feedback.answer_hidden" / "feedback.answer_shown", about the event, with the answer's
    id); doing what is already done changes and records nothing.

    Raises NotAllowed ("not_allowed") for anyone but an organiser, NotFound ("not_found") for
    an answer that is not a free-text answer to the event's form."""
    if role != Role.ORGANISER:
        raise NotAllowed("Only organisers hide answers")
    answer = session.scalar(
        select(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.id == answer_id, Answer.text != "")
        .where(Question.form.has(event_id=event_id))
    )
    if answer is None:
        raise NotFound("Answer not found")
    if (answer.hidden_at is not None) == hidden:
        return
    answer.hidden_at = now if hidden else None
    record(
        session,
        actor_id=by_id,
        action="feedback.answer_hidden" if hidden else "feedback.answer_shown",
        subject_type="event",
        subject_id=event_id,
        now=now,
        answer_id=answer.id,
    )
