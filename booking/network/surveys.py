"""Setting up the pupils' survey: create one (from the cybersafety questions, as a copy of an
earlier survey, or blank), change its title, age group, school year, introduction, closing date
and the survey it is compared with, and open or close it. Each change is in the audit log
against the survey ("survey.created", "survey.changed", "survey.opened", "survey.closed").

A survey takes pupils' answers while it is open and before its closing date; a draft has not
started, and a closed one has ended (it can be opened again).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from booking.audit.services import record
from booking.core.errors import NotFound, Refused
from booking.core.formatting import LONDON, long_date
from booking.core.periods import school_year_label
from booking.feedback.builder import MAX_INTRODUCTION, MAX_TITLE, last_day
from booking.network.models import (
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveySchool,
    SurveyStatus,
)
from booking.network.suppression import shown_count
from booking.network.survey_templates import (
    CYBERSAFETY_INTRODUCTION,
    CYBERSAFETY_QUESTIONS,
    CYBERSAFETY_TITLE,
)

STARTS = ("cybersafety", "copy", "blank")
MAX_AGE_GROUP = 40
FIRST_YEAR, LAST_YEAR = 2000, 2100


class InvalidSurvey(Refused):
    """A survey's settings break one rule or more: ``problems`` names each (field, message)."""

    code = "invalid_survey"


class NothingToAsk(Refused):
    code = "no_questions"


class ClosingDatePassed(Refused):
    code = "closing_date_passed"


class ResultsOut(Refused):
    code = "results_out"


RESULTS_OUT = (
    "This survey has closed with answers and its results are out, so it cannot take more: its "
    "figures before and after would give away the answers of the pupils in between. To ask "
    "again, start a new survey as a copy of this one."
)
CLOSING_DATE_KEPT = (
    "The closing date cannot change now that the results are out. To ask again, start a new "
    "survey as a copy of this one"
)


@dataclass(frozen=True)
class SurveySettings:
    """What an organiser says about a survey. ``year_start`` is the year its school year
    begins (2016 for 2016/17); ``closes_on`` the last day it takes answers (None: until it is
    closed); ``compare_with_id`` the earlier survey shown beside it (None: none)."""

    title: str
    age_group: str
    year_start: int | None
    introduction: str = ""
    closes_on: date | None = None
    compare_with_id: int | None = None


@dataclass(frozen=True)
class SurveyRow:
    id: int
    title: str
    year: str  # "2016/17"
    age_group: str
    status: SurveyStatus
    schools: int
    responses: int

    @property
    def responses_shown(self) -> str:
        """ "956", "fewer than 10" or "none yet" (``suppression.shown_count``)."""
        return shown_count(self.responses)


def year_label(survey: Survey) -> str:
    """The survey's school year as the plan writes it: "2016/17"."""
    return school_year_label(survey.year_start)


def is_taking_answers(survey: Survey, now: datetime) -> bool:
    """Whether pupils may answer now: the survey is open and its closing date has not passed."""
    return survey.status == SurveyStatus.OPEN and (
        survey.closes_at is None or now < survey.closes_at
    )


def survey_rows(session: Session) -> list[SurveyRow]:
    """Every survey, newest school year first, with how many schools take part and how many
    responses it has. Raises nothing."""
    schools = (
        select(func.count(SurveySchool.id))
        .where(SurveySchool.survey_id == Survey.id)
        .correlate(Survey)
        .scalar_subquery()
    )
    responses = (
        select(func.count(SurveyResponse.id))
        .where(SurveyResponse.survey_id == Survey.id)
        .correlate(Survey)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Survey, schools, responses).order_by(
            Survey.year_start.desc(), Survey.created_at.desc(), Survey.id.desc()
        )
    )
    return [
        SurveyRow(s.id, s.title, year_label(s), s.age_group, s.status, n_schools, n_responses)
        for s, n_schools, n_responses in rows
    ]


def get_survey(session: Session, survey_id: int) -> Survey:
    """The survey. Raises NotFound ("not_found")."""
    survey = session.get(Survey, survey_id)
    if survey is None:
        raise NotFound("Survey not found")
    return survey


def lock_survey(session: Session, survey_id: int) -> Survey:
    """The survey, locked (FOR UPDATE; SQLite's writer transaction already is), so that changes
    to it and its questions and schools happen one at a time. Raises NotFound ("not_found")."""
    survey = session.scalar(select(Survey).where(Survey.id == survey_id).with_for_update())
    if survey is None:
        raise NotFound("Survey not found")
    return survey


def surveys_to_compare(
    session: Session, *, except_id: int | None = None, before_year: int | None = None
) -> list[tuple[int, str]]:
    """The surveys another can copy or be compared with, newest first: (id, "Title, 2016/17,
    ages 9–11"); of school years before ``before_year`` when given. Raises nothing."""
    query = select(Survey).order_by(Survey.year_start.desc(), Survey.id.desc())
    if except_id is not None:
        query = query.where(Survey.id != except_id)
    if before_year is not None:
        query = query.where(Survey.year_start < before_year)
    return [(s.id, _described(s)) for s in session.scalars(query)]


def create_survey(
    session: Session,
    *,
    start: str,
    settings: SurveySettings,
    actor_id: int | None,
    now: datetime,
    copy_from_id: int | None = None,
) -> Survey:
    """A new draft survey: with the ready-made cybersafety questions ("cybersafety"), as a copy
    of another survey's questions ("copy", then compared with it, when it is of an earlier
    school year, unless another is chosen), or "blank". Audited "survey.created".

    Raises InvalidSurvey ("invalid_survey") naming each problem: an unknown start ("start"), no
    survey to copy ("copy_from"), and those of ``settings`` (``checked_settings``).
    """
    problems: list[tuple[str | None, str]] = []
    source = session.get(Survey, copy_from_id) if copy_from_id is not None else None
    if start not in STARTS:
        problems.append(("start", "Choose how to start the survey"))
    elif start == "copy" and source is None:
        problems.append(("copy_from", "Choose the survey to copy"))
    if start == "copy" and source is not None and _earlier_year(source, settings):
        settings = _compared_with(settings, source.id)
    values = checked_settings(session, settings, problems)
    survey = Survey(status=SurveyStatus.DRAFT, created_by_id=actor_id, created_at=now, **values)
    survey.updated_at = now
    if start == "cybersafety":
        survey.questions.extend(_from_template())
    elif start == "copy":
        survey.questions.extend(_copies(source))
    session.add(survey)
    session.flush()
    details = {"copied_from": source.id} if start == "copy" else {}
    _audit(session, "survey.created", survey, actor_id, now, start=start, **details)
    return survey


def _earlier_year(source: Survey, settings: SurveySettings) -> bool:
    """Whether a copy is compared with its source: no other chosen, and it is of an earlier
    school year."""
    year = settings.year_start
    return settings.compare_with_id is None and year is not None and source.year_start < year


def _compared_with(settings: SurveySettings, survey_id: int) -> SurveySettings:
    return SurveySettings(**{**settings.__dict__, "compare_with_id": survey_id})


def _from_template() -> list[SurveyQuestion]:
    return [
        SurveyQuestion(
            position=position,
            kind=q.kind,
            text=q.text,
            hint=q.hint,
            required=False,
            options=list(q.options),
            scale_name=q.scale_name,
            finding=q.finding,
        )
        for position, q in enumerate(CYBERSAFETY_QUESTIONS, start=1)
    ]


def _copies(source: Survey) -> list[SurveyQuestion]:
    return [
        SurveyQuestion(
            position=q.position,
            kind=q.kind,
            text=q.text,
            hint=q.hint,
            required=q.required,
            options=list(q.options),
            scale_name=q.scale_name,
            finding=q.finding,
        )
        for q in source.questions
    ]


def template_settings(year_start: int) -> SurveySettings:
    """The settings a new survey is offered: the cybersafety survey's title and introduction,
    for pupils aged 9–11, in the school year ``year_start``."""
    return SurveySettings(
        title=CYBERSAFETY_TITLE,
        age_group="9–11",
        year_start=year_start,
        introduction=CYBERSAFETY_INTRODUCTION,
    )


def checked_settings(
    session: Session,
    settings: SurveySettings,
    problems: list[tuple[str | None, str]],
) -> dict:
    """The stored values of a survey's settings, trimmed. Raises InvalidSurvey
    ("invalid_survey") naming each problem, with those already in ``problems``: a title of 1
    to 200 characters ("title"), an age group of 1 to 40 ("age_group"), a school year
    starting between 2000 and 2100 ("year_start"), an introduction up to 2,000 characters
    ("introduction"), a survey to compare with that exists and is of an earlier school year
    ("compare_with")."""
    title, age_group = settings.title.strip(), settings.age_group.strip()
    introduction = settings.introduction.strip()
    if not title:
        problems.append(("title", "Enter a title"))
    elif len(title) > MAX_TITLE:
        problems.append(("title", f"Title must be {MAX_TITLE} characters or fewer"))
    if not age_group:
        problems.append(("age_group", "Enter the age group, like 9–11"))
    elif len(age_group) > MAX_AGE_GROUP:
        problems.append(("age_group", f"Age group must be {MAX_AGE_GROUP} characters or fewer"))
    year = settings.year_start
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(("year_start", "Enter the year the school year starts, like 2026"))
    if len(introduction) > MAX_INTRODUCTION:
        problems.append(("introduction", "Introduction must be 2,000 characters or fewer"))
    compare = settings.compare_with_id
    other = session.get(Survey, compare) if compare is not None else None
    if compare is not None and (other is None or year is None or other.year_start >= year):
        problems.append(
            ("compare_with", "Choose an earlier survey to compare with, of an earlier school year")
        )
    if problems:
        raise InvalidSurvey.of(problems)
    return {
        "title": title,
        "age_group": age_group,
        "year_start": year,
        "introduction": introduction,
        "closes_at": _end_of(settings.closes_on),
        "compare_with_id": compare,
    }


def _end_of(day: date | None) -> datetime | None:
    """The end of the closing day in London, as feedback forms close."""
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON)


def closing_text(survey: Survey) -> str:
    """When the survey stops taking answers, as its page says it."""
    if survey.closes_at is None:
        return "When you close it"
    return f"At the end of {long_date(survey.closes_at - timedelta(seconds=1))}"


def compared_with_text(survey: Survey) -> str | None:
    """The survey it is compared with: "Cybersafety survey, 2014/15, ages 9–11"; None."""
    other = survey.compare_with
    return _described(other) if other else None


def _described(survey: Survey) -> str:
    return f"{survey.title}, {year_label(survey)}, ages {survey.age_group}"


def closing_day(survey: Survey) -> date | None:
    """The closing date the organiser gave (the survey closes at the end of it)."""
    return last_day(survey.closes_at) if survey.closes_at else None


def change_settings(
    session: Session, *, survey_id: int, settings: SurveySettings, actor_id: int, now: datetime
) -> Survey:
    """Change a survey's settings. Audited "survey.changed".

    Raises NotFound ("not_found"), InvalidSurvey ("invalid_survey") as ``checked_settings``,
    and for a new closing date once the results are out ("closes_on", ``results_out``).
    """
    survey = lock_survey(session, survey_id)
    problems: list[tuple[str | None, str]] = []
    if settings.closes_on != closing_day(survey) and results_out(session, survey, now):
        problems.append(("closes_on", CLOSING_DATE_KEPT))
    values = checked_settings(session, settings, problems)
    if settings.closes_on == closing_day(survey):
        del values["closes_at"]  # the same day: keep the time it closes at, to the minute
    for name, value in values.items():
        setattr(survey, name, value)
    survey.updated_at = now
    session.flush()
    _audit(session, "survey.changed", survey, actor_id, now, fields=["settings"])
    return survey


def set_open(
    session: Session, *, survey_id: int, open_: bool, actor_id: int, now: datetime
) -> Survey:
    """Open the survey to pupils, or close it. Opening an open survey or closing a closed one
    changes nothing. Audited "survey.opened" / "survey.closed".

    Raises NotFound ("not_found"); NothingToAsk ("no_questions") to open a survey without
    questions; ClosingDatePassed ("closing_date_passed") to open one whose closing date has
    passed; ResultsOut ("results_out") to open again one whose results are out
    (``results_out``).
    """
    survey = lock_survey(session, survey_id)
    wanted = SurveyStatus.OPEN if open_ else SurveyStatus.CLOSED
    if survey.status == wanted:
        return survey
    if open_ and results_out(session, survey, now):
        raise ResultsOut(RESULTS_OUT)
    if open_ and not survey.questions:
        raise NothingToAsk("Add a question before opening the survey")
    if open_ and survey.closes_at is not None and survey.closes_at <= now:
        raise ClosingDatePassed("The closing date has passed: change it before opening")
    survey.status, survey.updated_at = wanted, now
    session.flush()
    _audit(session, "survey.opened" if open_ else "survey.closed", survey, actor_id, now)
    return survey


def results_out(session: Session, survey: Survey, now: datetime) -> bool:
    """Whether the survey has closed with answers: its results are out and stay as they are,
    for more answers after them would let its figures before and after give away the answers
    of the pupils in between. One statement."""
    if survey.status == SurveyStatus.DRAFT or is_taking_answers(survey, now):
        return False
    answered = select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id)
    return bool(session.scalar(select(answered.exists())))


def survey_changed(session: Session, survey: Survey, actor_id: int | None, now: datetime, what):
    """Note a change to the survey's questions or schools: its ``updated_at`` and the audit log
    ("survey.changed" with the fields changed). Raises nothing."""
    survey.updated_at = now
    session.flush()
    _audit(session, "survey.changed", survey, actor_id, now, fields=[what])


def _audit(session: Session, action: str, survey: Survey, actor_id, now, **details) -> None:
    record(
        session,
        actor_id=actor_id,
        action=action,
        subject_type="survey",
        subject_id=survey.id,
        now=now,
        **details,
    )
