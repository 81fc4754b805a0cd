"""Who reads which survey results: organisers every survey's, county-wide and per school (the
views' decorator); a school's training lead (``accounts.leads``, the one rule) their own
school's results in each survey it took part in, never another school's."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.leads import led_organisation_id
from booking.audit.services import record
from booking.core.errors import NotAllowed, NotFound
from booking.core.periods import school_year_label
from booking.network.models import Survey, SurveySchool, SurveyStatus

FILES = ("xlsx", "pdf")


@dataclass(frozen=True)
class SchoolSurvey:
    survey_id: int
    survey_school_id: int
    title: str
    year: str  # "2016/17"
    status: SurveyStatus


def lead_surveys(session: Session, person_id: int) -> list[SchoolSurvey]:
    """The surveys (open or closed, not drafts) the school the person leads took part in,
    newest school year first. Raises NotAllowed ("not_allowed") unless the person is an
    approved training lead."""
    organisation_id = _led(session, person_id)
    rows = session.execute(
        select(Survey.id, SurveySchool.id, Survey.title, Survey.year_start, Survey.status)
        .join(SurveySchool, SurveySchool.survey_id == Survey.id)
        .where(
            SurveySchool.organisation_id == organisation_id,
            Survey.status != SurveyStatus.DRAFT,
        )
        .order_by(Survey.year_start.desc(), Survey.id.desc())
    ).all()
    return [
        SchoolSurvey(survey_id, place_id, title, school_year_label(year), status)
        for survey_id, place_id, title, year, status in rows
    ]


def lead_school_in(session: Session, *, person_id: int, survey_id: int) -> int:
    """The id of the lead's school's place in the survey (its ``survey_school_id``). Raises
    NotAllowed ("not_allowed") unless the person is an approved training lead, NotFound
    ("not_found") when their school did not take part in the survey (or it is a draft)."""
    organisation_id = _led(session, person_id)
    found = session.scalar(
        select(SurveySchool.id)
        .join(Survey, Survey.id == SurveySchool.survey_id)
        .where(
            SurveySchool.survey_id == survey_id,
            SurveySchool.organisation_id == organisation_id,
            Survey.status != SurveyStatus.DRAFT,
        )
    )
    if found is None:
        raise NotFound("Your school did not take part in this survey")
    return found


def _led(session: Session, person_id: int) -> int:
    organisation_id = led_organisation_id(session, person_id)
    if organisation_id is None:
        raise NotAllowed("Only a school's training lead sees its survey results")
    return organisation_id


def record_export(
    session: Session,
    *,
    survey_id: int,
    file: str,
    by_id: int,
    now: datetime,
    survey_school_id: int | None = None,
) -> None:
    """Audit a download of the survey's results ("survey.results_exported", the file's kind,
    and the school's place when it is one school's). Raises ValueError for a kind not in
    FILES (a programming error)."""
    if file not in FILES:
        raise ValueError(f"unknown results file {file!r}")
    school = {"survey_school_id": survey_school_id} if survey_school_id else {}
    record(
        session,
        actor_id=by_id,
        action="survey.results_exported",
        subject_type="survey",
        subject_id=survey_id,
        now=now,
        file=f"results.{file}",
        **school,
    )
