"""A survey's questions, built with the feedback form engine (``feedback.builder``): its kinds,
scales, options and rules, and its lock: once a pupil has answered a question, its wording,
kind and options stay as they answered them. Each question also says how the plan reports it
(its ``finding``: "had a smart phone"). Changes are audited against the survey.

A survey asks for choices, yes or no, and scales: never free text, which could hold a name."""

from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from booking.core.errors import NotFound
from booking.feedback.builder import (
    InvalidQuestion,
    QuestionFields,
    QuestionLocked,
    question_values,
    renumber,
    swap_with_neighbour,
)
from booking.feedback.models import QuestionKind
from booking.network.models import SurveyAnswer, SurveyQuestion
from booking.network.surveys import lock_survey, survey_changed

MAX_FINDING = 300
_WORDING = ("kind", "text", "options", "scale_name")
SURVEY_KINDS = tuple(kind for kind in QuestionKind if not kind.is_text)
NO_WRITING = (
    "Choose a scale, a single choice or yes or no: pupils are not asked to write answers, "
    "as they might write a name"
)
LOCKED = "Pupils have answered this question, so its wording and options cannot change"


def answered_question_ids(session: Session, survey_id: int) -> set[int]:
    """The survey's questions a pupil has answered: their wording and options are locked."""
    answered = (
        select(SurveyAnswer.question_id)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyQuestion.survey_id == survey_id)
    )
    return set(session.scalars(answered.distinct()))


def _is_answered(session: Session, question_id: int) -> bool:
    return session.scalar(select(exists().where(SurveyAnswer.question_id == question_id)))


def _values(session: Session, fields: QuestionFields, finding: str) -> dict:
    """``question_values`` with the finding: up to 300 characters ("finding"), for a kind
    a survey asks (``SURVEY_KINDS``, "kind")."""
    finding = finding.strip()
    problems: list[tuple[str | None, str]] = []
    if fields.kind not in SURVEY_KINDS:
        problems.append(("kind", NO_WRITING))
    try:
        values = question_values(session, fields)
    except InvalidQuestion as refusal:
        problems += refusal.problems
        values = {}
    if len(finding) > MAX_FINDING:
        problems.append(("finding", f"The finding must be {MAX_FINDING} characters or fewer"))
    if problems:
        raise InvalidQuestion.of(problems)
    return values | {"finding": finding}


def add_question(
    session: Session,
    *,
    survey_id: int,
    fields: QuestionFields,
    finding: str = "",
    actor_id: int,
    now: datetime,
) -> SurveyQuestion:
    """Add a question at the end of the survey.

    Raises NotFound ("not_found"), InvalidQuestion ("invalid_question") naming each problem
    (``feedback.builder.question_values``, a free-text kind, a finding over 300 characters).
    """
    survey = lock_survey(session, survey_id)
    values = _values(session, fields, finding)
    position = max((q.position for q in survey.questions), default=0) + 1
    question = SurveyQuestion(position=position, **values)
    survey.questions.append(question)
    survey_changed(session, survey, actor_id, now, "question added")
    return question


def edit_question(
    session: Session,
    *,
    survey_id: int,
    question_id: int,
    fields: QuestionFields,
    finding: str = "",
    actor_id: int,
    now: datetime,
) -> SurveyQuestion:
    """Change a question. An answered one may change its hint, finding and whether it is
    required, not its wording, kind or options.

    Raises NotFound ("not_found") for a question not on the survey, InvalidQuestion
    ("invalid_question") as ``add_question``, QuestionLocked ("question_locked").
    """
    survey = lock_survey(session, survey_id)
    question = _question(survey, question_id)
    values = _values(session, fields, finding)
    changes = [name for name in _WORDING if getattr(question, name) != values[name]]
    if changes and _is_answered(session, question.id):
        raise QuestionLocked(LOCKED, field="text")
    for name, value in values.items():
        setattr(question, name, value)
    survey_changed(session, survey, actor_id, now, "question changed")
    return question


def move_question(
    session: Session, *, survey_id: int, question_id: int, up: bool, actor_id: int, now: datetime
) -> None:
    """Swap a question with the one before it (``up``) or after it; the first cannot move up
    nor the last down (nothing changes). Raises NotFound ("not_found")."""
    survey = lock_survey(session, survey_id)
    if swap_with_neighbour(survey.questions, _question(survey, question_id), up=up):
        survey_changed(session, survey, actor_id, now, "question moved")


def remove_question(
    session: Session, *, survey_id: int, question_id: int, actor_id: int, now: datetime
) -> str:
    """Remove a question no pupil has answered, returning its text.

    Raises NotFound ("not_found"), QuestionLocked ("question_locked") for an answered one.
    """
    survey = lock_survey(session, survey_id)
    question = _question(survey, question_id)
    if _is_answered(session, question.id):
        raise QuestionLocked("Pupils have answered this question, so it cannot be removed")
    survey.questions.remove(question)
    renumber(survey.questions)
    survey_changed(session, survey, actor_id, now, "question removed")
    return question.text


def survey_question(session: Session, *, survey_id: int, question_id: int) -> SurveyQuestion:
    """A question of the survey. Raises NotFound ("not_found")."""
    question = session.get(SurveyQuestion, question_id)
    if question is None or question.survey_id != survey_id:
        raise NotFound("Question not found")
    return question


def _question(survey, question_id: int) -> SurveyQuestion:
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None:
        raise NotFound("Question not found")
    return question
