"""The schools taking part in a survey: schools and post-16 establishments of the register,
each with its own link ``/survey/<code>``, the code random (it names nothing). A school can be
removed while none of its pupils has answered. Audited "survey.school_added" and
"survey.school_removed" against the survey."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from booking.accounts.models import Organisation, Sector
from booking.accounts.organisations import RegisterRow, register_page
from booking.audit.services import record
from booking.core.errors import NotFound, Refused
from booking.network.models import SurveyResponse, SurveySchool
from booking.network.suppression import school_count_text, withheld_schools
from booking.network.surveys import lock_survey

SCHOOL_SECTORS = (Sector.SCHOOL, Sector.POST_16)
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 12
FOUND_AT_MOST = 20


class NotASchool(Refused):
    code = "not_a_school"


class AlreadyTakingPart(Refused):
    code = "already_taking_part"


class HasResponses(Refused):
    code = "has_responses"


@dataclass(frozen=True)
class SchoolRow:
    id: int  # the survey school's
    organisation_id: int
    name: str
    sector: Sector
    code: str
    responses: int
    withheld: bool = False  # with a smaller school (``suppression.withheld_schools``)

    @property
    def shown_responses(self) -> str:
        """The count as it may be shown (``suppression.school_count_text``): "fewer than 10"
        below 10, "not shown" for a school withheld with a smaller one."""
        return school_count_text(self.responses, self.withheld)


def new_code() -> str:
    """A school's link code: 12 random characters a child can type from the poster — lower
    case letters and digits without the look-alikes (i, l, o, 0, 1); 59 random bits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def schools_of(session: Session, survey_id: int) -> list[SchoolRow]:
    """The survey's schools by name, each with its code and its number of responses (and
    whether it is withheld with a smaller school). Raises nothing."""
    responses = (
        select(func.count(SurveyResponse.id))
        .where(SurveyResponse.survey_school_id == SurveySchool.id)
        .correlate(SurveySchool)
        .scalar_subquery()
    )
    rows = session.execute(
        select(SurveySchool, Organisation, responses)
        .join(Organisation, Organisation.id == SurveySchool.organisation_id)
        .where(SurveySchool.survey_id == survey_id)
        .order_by(Organisation.name_key, Organisation.id)
    ).all()
    withheld = withheld_schools({school.id: count for school, _o, count in rows})
    return [
        SchoolRow(school.id, o.id, o.name, o.sector, school.code, count, school.id in withheld)
        for school, o, count in rows
    ]


def find_schools(session: Session, text: str) -> list[RegisterRow]:
    """Schools and post-16 establishments of the register whose names hold every word of
    ``text`` (the register's own search), by name, at most 20. Nothing for no words."""
    if not text.strip():
        return []
    found = [
        row
        for sector in SCHOOL_SECTORS
        for row in register_page(session, text=text, sector=sector).rows
    ]
    return sorted(found, key=lambda row: (row.name.lower(), row.id))[:FOUND_AT_MOST]


def survey_school(session: Session, *, survey_id: int, school_id: int) -> SurveySchool:
    """A school taking part in the survey. Raises NotFound ("not_found")."""
    school = session.get(SurveySchool, school_id)
    if school is None or school.survey_id != survey_id:
        raise NotFound("This school is not taking part in the survey")
    return school


def add_school(
    session: Session, *, survey_id: int, organisation_id: int, actor_id: int, now: datetime
) -> SurveySchool:
    """Give a school or post-16 establishment of the register its own link to the survey.

    Raises NotFound ("not_found") for no such survey; NotASchool ("not_a_school") for no such
    organisation or one of another sector; AlreadyTakingPart ("already_taking_part") when it
    has a link already (also when a twin request gave it one a moment earlier).
    """
    survey = lock_survey(session, survey_id)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.sector not in SCHOOL_SECTORS:
        raise NotASchool("Choose a school or post-16 establishment from the register")
    taking_part = AlreadyTakingPart(f"{organisation.name} is already taking part")
    if session.scalar(
        select(SurveySchool.id).where(
            SurveySchool.survey_id == survey.id, SurveySchool.organisation_id == organisation_id
        )
    ):
        raise taking_part
    school = SurveySchool(
        survey_id=survey.id, organisation_id=organisation_id, code=new_code(), added_at=now
    )
    try:
        with session.begin_nested():
            session.add(school)
    except IntegrityError:
        raise taking_part from None
    _audit(session, "survey.school_added", survey.id, actor_id, now, organisation_id)
    return school


def remove_school(
    session: Session, *, survey_id: int, school_id: int, actor_id: int, now: datetime
) -> str:
    """Take a school out of the survey (its link stops working), returning its name.

    Raises NotFound ("not_found"); HasResponses ("has_responses") once a pupil of the school
    has answered: their answers count in the results.
    """
    lock_survey(session, survey_id)
    school = survey_school(session, survey_id=survey_id, school_id=school_id)
    answered = session.scalar(
        select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_school_id == school.id)
    )
    name = school.organisation.name
    if answered:
        raise HasResponses(f"Pupils at {name} have answered, so it stays in the survey")
    session.delete(school)
    session.flush()
    _audit(session, "survey.school_removed", survey_id, actor_id, now, school.organisation_id)
    return name


def _audit(session, action, survey_id, actor_id, now, organisation_id) -> None:
    record(
        session,
        actor_id=actor_id,
        action=action,
        subject_type="survey",
        subject_id=survey_id,
        now=now,
        organisation_id=organisation_id,
    )
