"""Pupils answering the survey through their school's link, with no account: one tablet can
take a whole class in turn.

Rules:
- Nothing about the pupil is stored: a response holds its survey, the school's link it came
  through, a submission token and the day (no time of day); never a name, an address, a
  network address or a browser.
- The page carries a fresh submission token each time it is shown: sending the same page twice
  (a reload, a double press) stores one response (the token is unique in the database).
- The link answers only while the survey takes answers (``surveys.is_taking_answers``).
- At most 60 responses a minute are taken from one network address through one school's link:
  a class of 30 on the school's shared network passes, a flood waits. The address is counted
  only as a keyed digest in a throttle record that keeps no seconds, is written in a
  transaction of its own before the response, and is deleted once its minute has passed
  (``accounts.throttle``), so it cannot be matched to a response.
- Only choices are stored: the survey's questions are choices, yes/no and scales
  (``survey_questions``), never free text that could hold a name.
- Answers follow the feedback form engine's rules (``feedback.responses.checked_answers``).
"""

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from booking.accounts.throttle import (
    attempts_since,
    count_attempt,
    forget_kind_before,
    serialise,
    throttle_key,
    to_the_minute,
)
from booking.core.errors import Refused
from booking.core.formatting import local
from booking.feedback.models import Answer
from booking.feedback.responses import InvalidAnswers, checked_answers, field_name
from booking.network.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySchool,
)
from booking.network.surveys import is_taking_answers

THROTTLE_KIND = "survey"
# Counted over this clock minute and the one before (records keep no seconds), so a flood
# that runs over the turn of a minute still waits.
THROTTLE_MINUTES = 2
MAX_PER_WINDOW = 60
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")  # what a school's code can be (``new_code``)


class UnknownSurveyLink(Refused):
    code = "unknown_survey_link"


class SurveyClosed(Refused):
    code = "survey_closed"


class BadSubmission(Refused):
    """The page sent no usable submission token (it was not our page)."""

    code = "bad_submission"


class TooManyAnswers(Refused):
    code = "too_many_answers"


NOT_RIGHT = "This survey link is not right — ask your teacher"
CLOSED = "This survey has closed"
WAIT = "Lots of answers are arriving from this network. Wait a minute, then press Send again."


@dataclass(frozen=True)
class PupilSurvey:
    """What a school's link opens: the survey and its questions, through that school."""

    school: SurveySchool
    survey: Survey
    questions: list[SurveyQuestion]


@dataclass(frozen=True)
class Stored:
    response_id: int | None  # None: the same page had been sent before (already stored)


def new_submission_token() -> str:
    """A fresh token for the page: 32 random URL-safe characters."""
    return secrets.token_urlsafe(24)


def survey_for_pupils(session: Session, *, code: str, now: datetime) -> PupilSurvey:
    """The survey a school's link opens.

    Raises UnknownSurveyLink ("unknown_survey_link") for a code no school has;
    SurveyClosed ("survey_closed") for a draft or closed survey, or after its closing date.
    """
    if not _CODE.fullmatch(code):
        raise UnknownSurveyLink(NOT_RIGHT)
    typed = {code, code.lower()}  # a code typed from the poster in capitals still opens
    school = session.scalar(
        select(SurveySchool)
        .where(SurveySchool.code.in_(typed))
        .options(selectinload(SurveySchool.survey).selectinload(Survey.questions))
    )
    if school is None:
        raise UnknownSurveyLink(NOT_RIGHT)
    if not is_taking_answers(school.survey, now):
        raise SurveyClosed(CLOSED)
    return PupilSurvey(school, school.survey, list(school.survey.questions))


def admit_submission(
    session: Session,
    *,
    code: str,
    token: str,
    answers: Mapping[str, str],
    client: str,
    secret: str,
    now: datetime,
) -> None:
    """Count one sending of a pupil's page, from the network address ``client``, against its
    link's limit, before its answers are stored: the caller commits this on its own, then
    calls ``submit_answers``, so the throttle record and the response are never written
    together. The record's time is kept to the minute, and every survey throttle record from
    before the previous minute is forgotten, whatever its key. A page already stored is not
    counted.

    Raises what ``survey_for_pupils`` raises; BadSubmission ("bad_submission") for a missing or
    malformed token; InvalidAnswers ("invalid_answers") naming every problem;
    TooManyAnswers ("too_many_answers") after 60 responses from the address through this link
    in this clock minute and the one before.
    """
    opened = _checked(session, code, token, answers, now)[0]
    if _stored_already(session, token):
        return
    key = throttle_key(secret, THROTTLE_KIND, f"{opened.school.id}:{client}")
    minute = to_the_minute(now)
    serialise(session, key)
    forget_kind_before(session, THROTTLE_KIND, minute - timedelta(minutes=THROTTLE_MINUTES - 1))
    if attempts_since(session, key, minute - timedelta(minutes=THROTTLE_MINUTES)) >= MAX_PER_WINDOW:
        raise TooManyAnswers(WAIT)
    count_attempt(session, [key], minute)


def submit_answers(
    session: Session, *, code: str, token: str, answers: Mapping[str, str], now: datetime
) -> Stored:
    """Store one pupil's answers (their choices: a survey asks nothing in words) once per
    submission ``token``, after ``admit_submission`` counted them.

    Raises what ``survey_for_pupils`` raises; BadSubmission ("bad_submission") for a missing or
    malformed token; InvalidAnswers ("invalid_answers") naming every problem, or when nothing
    was answered at all.
    """
    opened, made = _checked(session, code, token, answers, now)
    if _stored_already(session, token):
        return Stored(None)
    response = SurveyResponse(
        survey_id=opened.survey.id,
        survey_school_id=opened.school.id,
        submission_token=token,
        submitted_on=local(now).date(),
        answers=[
            SurveyAnswer(question_id=a.question_id, option_index=a.option_index)
            for a in made
            if a.option_index is not None
        ],
    )
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:  # a twin submission of the same page stored it a moment earlier
        return Stored(None)
    return Stored(response.id)


def _checked(
    session: Session, code: str, token: str, answers: Mapping[str, str], now: datetime
) -> tuple[PupilSurvey, list[Answer]]:
    """The survey the link opens and the page's answers, checked (see ``submit_answers``)."""
    opened = survey_for_pupils(session, code=code, now=now)
    if not TOKEN.fullmatch(token or ""):
        raise BadSubmission("Something went wrong with the page. Press Send again.")
    made = checked_answers(opened.survey, answers)
    if not made and opened.survey.questions:  # a page sent blank is nobody's answers
        first = field_name(opened.survey.questions[0])
        raise InvalidAnswers.of([(first, "Answer at least one question, then press Send")])
    return opened, made


def _stored_already(session: Session, token: str) -> bool:
    found = select(SurveyResponse.id).where(SurveyResponse.submission_token == token)
    return session.scalar(found) is not None
