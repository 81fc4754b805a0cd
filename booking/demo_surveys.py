"""Demo content for the pupils' cybersafety survey: last school year's survey, closed, whose
county-wide results are the e-safety plan's ("Analysis of data relating to 956 9 – 11 year olds
from 14 Oxfordshire primary schools indicated that: 81% had a computer lap top or tablet they
could use on their own at home (70% in 14/15); 27% had a smart phone (22% in 14/15); …"); the
survey of two years before it to compare with; and this school year's, open, with a few schools
answering, so a newcomer can answer as a pupil on one school's link and see its count move.

Part of the demo (``booking.demo``). Responses are written in bulk and drawn from a seeded
random, so every load gives the same figures.
"""

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from booking.accounts.models import Organisation, SchoolPhase
from booking.core.formatting import LONDON
from booking.core.periods import academic_year_starting
from booking.network.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySchool,
    SurveyStatus,
)
from booking.network.survey_schools import new_code
from booking.network.survey_templates import (
    CYBERSAFETY_INTRODUCTION,
    CYBERSAFETY_QUESTIONS,
    CYBERSAFETY_TITLE,
)

AGE_GROUP = "9–11"
CHUNK = 10_000  # responses a statement, when a survey has many

# Each question's share of the answers for each option, in the options' order (Yes, No; the
# choice's three; a scale's four from "Not good at all" to "Very good"), rounded so that the
# figure the plan quotes comes out exactly: the first option's share, or a scale's top two.
LAST_YEAR = (
    (81, 19),
    (27, 73),
    (22, 78),
    (19, 81),
    (42, 58),
    (68, 24, 8),
    (25, 75),
    (5, 95),
    (20, 80),
    (78, 22),
    (53, 47),
    (3, 6, 36, 55),  # 91% very good or quite good
    (6, 10, 34, 50),  # 84%
)
# Pupils who left each question unanswered (the percentages are of those who answered).
LAST_YEAR_SKIPPED = (0, 0, 0, 0, 0, 3, 0, 4, 2, 0, 0, 8, 15)
# 956 responses from 14 schools, unevenly: the last has fewer than 10, so its figures are
# suppressed.
LAST_YEAR_SCHOOLS = (112, 98, 91, 87, 84, 79, 75, 72, 68, 61, 55, 43, 24, 7)

EARLIER = (
    (70, 30),
    (22, 78),
    (16, 84),
    (15, 85),
    (39, 61),
    (61, 29, 10),
    (23, 77),
    (6, 94),
    (21, 79),
    (72, 28),
    (49, 51),
    (4, 8, 38, 50),
    (7, 12, 35, 46),
)
EARLIER_SCHOOLS = (101, 94, 88, 80, 76, 71, 66, 62, 58, 47, 35, 25)  # 803 pupils, 12 schools
OPEN_SCHOOLS = (27, 12, 4, 0, 0)  # this year's, so far


@dataclass(frozen=True)
class SurveysDemo:
    open: Survey
    last_year: Survey
    earlier: Survey


def add(session: Session, *, now: datetime, schools: Sequence[Organisation]) -> SurveysDemo:
    """The three surveys of the 9–11s over the register's primary schools (the first of
    ``schools`` that are primary, in order, take part each year; put first the school whose
    lead should see its results)."""
    rng = random.Random(2017)
    primaries = [school for school in schools if school.phase == SchoolPhase.PRIMARY]
    this_year = academic_year_starting(now.astimezone(LONDON).date())
    earlier = _closed(session, this_year - 3, primaries[:1] + primaries[3:14], EARLIER_SCHOOLS)
    last_year = _closed(session, this_year - 1, primaries[:14], LAST_YEAR_SCHOOLS)
    last_year.compare_with_id = earlier.id
    for survey, shares, schools_sizes, skipped in (
        (earlier, EARLIER, EARLIER_SCHOOLS, (0,) * len(EARLIER)),
        (last_year, LAST_YEAR, LAST_YEAR_SCHOOLS, LAST_YEAR_SKIPPED),
    ):
        answers = [
            spread(share, sum(schools_sizes) - skip, skip, rng)
            for share, skip in zip(shares, skipped, strict=True)
        ]
        _answer(session, survey, schools_sizes, answers, rng)
    current = _survey(session, this_year, SurveyStatus.OPEN, now - timedelta(days=20))
    current.closes_at = _closing(this_year)
    current.compare_with_id = last_year.id
    _take_part(session, current, primaries[:1] + primaries[14:18], now - timedelta(days=20))
    total = sum(OPEN_SCHOOLS)
    answers = [[_drawn(share, rng) for _ in range(total)] for share in LAST_YEAR]
    _answer(session, current, OPEN_SCHOOLS, answers, rng, recent=now)
    session.flush()
    return SurveysDemo(current, last_year, earlier)


def _survey(session: Session, year: int, status: SurveyStatus, made: datetime) -> Survey:
    survey = Survey(
        title=CYBERSAFETY_TITLE,
        introduction=CYBERSAFETY_INTRODUCTION,
        age_group=AGE_GROUP,
        year_start=year,
        status=status,
        created_at=made,
        updated_at=made,
    )
    survey.questions = [SurveyQuestion(**row) for row in question_rows()]
    session.add(survey)
    session.flush()
    return survey


def question_rows(survey_id: int | None = None) -> list[dict]:
    """The cybersafety survey's questions as rows (with ``survey_id`` when given)."""
    rows = [
        {
            "position": position,
            "kind": question.kind,
            "text": question.text,
            "hint": question.hint,
            "required": False,  # a pupil may leave any question out
            "options": list(question.options),
            "scale_name": question.scale_name,
            "finding": question.finding,
        }
        for position, question in enumerate(CYBERSAFETY_QUESTIONS, start=1)
    ]
    return [row | {"survey_id": survey_id} for row in rows] if survey_id else rows


def _closing(year: int) -> datetime:
    """The survey's last day: the third Friday of July at the end of the school year."""
    day = date(year + 1, 7, 15)
    day += timedelta(days=(4 - day.weekday()) % 7)
    return datetime.combine(day, time(23, 59), tzinfo=LONDON)


def _closed(session: Session, year: int, schools, sizes) -> Survey:
    made = datetime.combine(date(year + 1, 5, 1), time(9), tzinfo=LONDON)
    survey = _survey(session, year, SurveyStatus.CLOSED, made)
    survey.closes_at = _closing(year)
    survey.updated_at = survey.closes_at
    _take_part(session, survey, schools[: len(sizes)], made)
    return survey


def _take_part(session: Session, survey: Survey, schools, at: datetime) -> None:
    session.add_all(
        SurveySchool(survey=survey, organisation=school, code=new_code(), added_at=at)
        for school in schools
    )
    session.flush()


def spread(shares: Sequence[int], answered: int, skipped: int, rng: random.Random) -> list:
    """``answered`` option indexes whose shares round to ``shares`` (the first option's share
    exactly; a scale's top two exactly, as the plan quotes them) and ``skipped`` Nones, in a
    random order."""
    scale = len(shares) == 4
    order = list(range(len(shares)))[::-1] if scale else list(range(len(shares)))
    picks, cumulative, taken = [], 0, 0
    for index in order:
        cumulative += shares[index]
        upto = (cumulative * answered * 2 + 100) // 200  # half up
        picks += [index] * (upto - taken)
        taken = upto
    picks += [None] * skipped
    rng.shuffle(picks)
    return picks


def _drawn(shares: Sequence[int], rng: random.Random) -> int | None:
    """One pupil's answer, drawn with the shares as weights; one in forty left out."""
    if rng.randrange(40) == 0:
        return None
    return rng.choices(range(len(shares)), weights=shares)[0]


def _answer(session: Session, survey: Survey, sizes, answers: list[list], rng, recent=None):
    """Each school's responses (``sizes`` in the order the schools took part), the ``n``th
    response answering ``answers[q][n]`` to question ``q``: a class on one day, in the weeks
    before the survey closed, or in the days before ``recent``."""
    school_ids = session.scalars(
        select(SurveySchool.id).where(SurveySchool.survey_id == survey.id).order_by(SurveySchool.id)
    ).all()
    if recent is None:
        last, back = survey.closes_at, (7, 45)
    else:
        last, back = recent, (1, 6)
    days = []
    for school_id, size in zip(school_ids, sizes, strict=True):
        day = last.astimezone(LONDON).date() - timedelta(days=rng.randint(*back))
        days += [(school_id, day)] * size
    insert_responses(
        session.connection(),
        survey_id=survey.id,
        question_ids=[question.id for question in survey.questions],
        days=days,
        answers=answers,
    )


def insert_responses(
    connection: Connection,
    *,
    survey_id: int,
    question_ids: list[int],
    days: list[tuple[int, date]],
    answers: list[list],
) -> None:
    """One response for each (survey school id, day) of ``days``; the ``n``th answers
    ``answers[q][n]`` (an option index, or None for no answer) to question ``q``. In bulk, a
    few statements for each CHUNK responses."""
    for start in range(0, len(days), CHUNK):
        chunk = days[start : start + CHUNK]
        response_ids = connection.scalars(
            insert(SurveyResponse.__table__).returning(
                SurveyResponse.__table__.c.id, sort_by_parameter_order=True
            ),
            [
                {
                    "survey_id": survey_id,
                    "survey_school_id": school_id,
                    "submission_token": secrets.token_hex(16),
                    "submitted_on": day,
                }
                for school_id, day in chunk
            ],  # fmt: skip
        ).all()
        rows = [
            {"response_id": response_id, "question_id": question_id, "option_index": pick,
             "text": ""}
            for question_id, picks in zip(question_ids, answers, strict=True)
            for response_id, pick in zip(response_ids, picks[start : start + CHUNK], strict=True)
            if pick is not None
        ]  # fmt: skip
        if rows:
            connection.execute(insert(SurveyAnswer.__table__), rows)
