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
  only as a keyed digest in a throttle record that lives a minute (``accounts.throttle``).
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
    forget_attempts,
    serialise,
    throttle_key,
)
from booking.core.errors import Refused
from booking.core.formatting import local
from booking.feedback.responses import checked_answers
from booking.network.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySchool,
)
from booking.network.surveys import is_taking_answers

THROTTLE_WINDOW = timedelta(minutes=1)
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
    school = session.scalar(
        select(SurveySchool)
        .where(SurveySchool.code == code)
        .options(selectinload(SurveySchool.survey).selectinload(Survey.questions))
    )
    if school is None:
        raise UnknownSurveyLink(NOT_RIGHT)
    if not is_taking_answers(school.survey, now):
        raise SurveyClosed(CLOSED)
    return PupilSurvey(school, school.survey, list(school.survey.questions))


def submit_answers(
    session: Session,
    *,
    code: str,
    token: str,
    answers: Mapping[str, str],
    client: str,
    secret: str,
    now: datetime,
) -> Stored:
    """Store one pupil's answers, sent from the network address ``client`` (counted, never
    stored with them), once per submission ``token``.

    Raises what ``survey_for_pupils`` raises; BadSubmission ("bad_submission") for a missing or
    malformed token; InvalidAnswers ("invalid_answers") naming every problem;
    TooManyAnswers ("too_many_answers") after 60 responses in a minute from the address
    through this link.
    """
    opened = survey_for_pupils(session, code=code, now=now)
    if not TOKEN.fullmatch(token or ""):
        raise BadSubmission("Something went wrong with the page. Press Send again.")
    made = checked_answers(opened.survey, answers)
    if _stored_already(session, token):
        return Stored(None)
    key = throttle_key(secret, "survey", f"{opened.school.id}:{client}")
    serialise(session, key)
    if attempts_since(session, key, now - THROTTLE_WINDOW) >= MAX_PER_WINDOW:
        raise TooManyAnswers(WAIT)
    response = SurveyResponse(
        survey_id=opened.survey.id,
        survey_school_id=opened.school.id,
        submission_token=token,
        submitted_on=local(now).date(),
        answers=[
            SurveyAnswer(question_id=a.question_id, option_index=a.option_index, text=a.text or "")
            for a in made
        ],
    )
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:  # a twin submission of the same page stored it a moment earlier
        return Stored(None)
    forget_attempts(session, key, before=now - THROTTLE_WINDOW)
    count_attempt(session, [key], now)
    return Stored(response.id)


def _stored_already(session: Session, token: str) -> bool:
    found = select(SurveyResponse.id).where(SurveyResponse.submission_token == token)
    return session.scalar(found) is not None
