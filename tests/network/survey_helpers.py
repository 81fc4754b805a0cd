"""Test data for the pupils' survey: organisations of the register, a survey with the
cybersafety questions, schools taking part, and pupils' answers sent through a school's link."""

import re
from datetime import timedelta

from booking.accounts.models import Organisation, Sector
from booking.accounts.services import find_or_create_organisation
from booking.network.models import SurveyStatus
from booking.network.survey_schools import add_school
from booking.network.surveys import create_survey, set_open, template_settings
from tests.factories import NOW

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def organisation(session, name: str, sector: Sector = Sector.SCHOOL) -> Organisation:
    """The register's organisation of that name and sector (made if absent)."""
    return find_or_create_organisation(session, name, sector)


def open_survey(session, *, year: int = 2026, start: str = "cybersafety", opened: bool = True):
    """A survey with the cybersafety questions (open unless ``opened`` is False)."""
    survey = create_survey(
        session, start=start, settings=template_settings(year), actor_id=None, now=NOW
    )
    if opened:
        set_open(session, survey_id=survey.id, open_=True, actor_id=None, now=NOW)
    assert survey.status == (SurveyStatus.OPEN if opened else SurveyStatus.DRAFT)
    return survey


def school_in(session, survey, name: str = "Ormesby Primary School"):
    """A school of the register taking part in the survey: its SurveySchool."""
    found = organisation(session, name)
    return add_school(
        session, survey_id=survey.id, organisation_id=found.id, actor_id=None, now=NOW
    )


def all_yes(survey) -> dict[str, str]:
    """An answer to every question: its first option."""
    return {f"q{q.id}": "0" for q in survey.questions}


def token_on(page: str) -> str:
    match = TOKEN.search(page)
    assert match, "no submission token on the page"
    return match.group(1)


def later(minutes: int) -> object:
    return NOW + timedelta(minutes=minutes)
