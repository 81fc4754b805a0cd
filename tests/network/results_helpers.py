"""Arranging a pupils' survey and its answers for the results' tests, written directly (the
survey's own set-up and the pupils' pages are tested elsewhere): the cybersafety questions,
schools of the register taking part, and many responses inserted in bulk."""

import secrets
from collections.abc import Sequence
from datetime import date

from sqlalchemy import insert

from booking.accounts.models import LeadStatus, Organisation, OrganisationLead, SchoolPhase, User
from booking.network.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySchool,
    SurveyStatus,
)
from booking.network.survey_schools import new_code
from booking.network.survey_templates import CYBERSAFETY_QUESTIONS, SurveyTemplateQuestion
from tests.factories import NOW
from tests.reports.people import People

ANSWERED_ON = date(2017, 3, 1)


def make_survey(
    session,
    *,
    year_start: int = 2016,
    age_group: str = "9–11",
    compare_with: Survey | None = None,
    questions: Sequence[SurveyTemplateQuestion] = CYBERSAFETY_QUESTIONS,
    status: SurveyStatus = SurveyStatus.CLOSED,
    title: str = "Cybersafety survey",
) -> Survey:
    """A survey of the cybersafety questions (or ``questions``), compared with ``compare_with``."""
    survey = Survey(
        title=title,
        age_group=age_group,
        year_start=year_start,
        status=status,
        compare_with_id=compare_with.id if compare_with else None,
        created_at=NOW,
        updated_at=NOW,
    )
    survey.questions = [
        SurveyQuestion(
            position=position,
            kind=question.kind,
            text=question.text,
            hint=question.hint,
            options=list(question.options),
            scale_name=question.scale_name,
            finding=question.finding,
        )
        for position, question in enumerate(questions, start=1)
    ]
    session.add(survey)
    session.flush()
    return survey


def school(session, name: str, phase: SchoolPhase | None = SchoolPhase.PRIMARY) -> Organisation:
    """A school of the register."""
    return People(session).organisation(name, phase=phase)


def taking_part(session, survey: Survey, organisation: Organisation) -> SurveySchool:
    """The school's place in the survey, with its own link's code."""
    place = SurveySchool(
        survey_id=survey.id,
        organisation_id=organisation.id,
        code=new_code(),
        added_at=NOW,
    )
    session.add(place)
    session.flush()
    return place


def add_responses(
    session,
    place: SurveySchool,
    responses: int,
    tallies: dict[int, Sequence[int]] | None = None,
    texts: dict[int, int] | None = None,
) -> None:
    """``responses`` pupils' responses at the school, in bulk: question number k (its position,
    1 first) answered as ``tallies[k]`` says (how many chose each option in turn; the rest of
    the pupils skip it), and ``texts[k]`` of them writing an answer to free-text question k.
    Questions in neither are skipped by everyone."""
    tallies, texts = tallies or {}, texts or {}
    questions = {q.position: q.id for q in place.survey.questions}
    tokens = [secrets.token_hex(16) for _ in range(responses)]
    ids = session.scalars(
        insert(SurveyResponse).returning(SurveyResponse.id, sort_by_parameter_order=True),
        [
            {
                "survey_id": place.survey_id,
                "survey_school_id": place.id,
                "submission_token": token,
                "submitted_on": ANSWERED_ON,
            }
            for token in tokens
        ],
    ).all()
    rows = []
    for position, counts in tallies.items():
        chosen = [index for index, count in enumerate(counts) for _ in range(count)]
        assert len(chosen) <= responses, "more answers than responses"
        rows += [
            {"response_id": ids[n], "question_id": questions[position], "option_index": option}
            for n, option in enumerate(chosen)
        ]
    for position, count in texts.items():
        rows += [
            {"response_id": ids[n], "question_id": questions[position], "text": "a pupil's words"}
            for n in range(count)
        ]
    if rows:
        session.execute(insert(SurveyAnswer), rows)
    session.flush()


def lead_of(session, organisation: Organisation, person: User) -> User:
    """The person (``Factory.user``, who can sign in), moved to the school and made its
    approved training lead."""
    person.organisation_id = organisation.id
    session.add(
        OrganisationLead(
            organisation_id=organisation.id,
            person_id=person.id,
            status=LeadStatus.APPROVED,
            requested_at=NOW,
        )
    )
    session.flush()
    return person
