"""Pupils answering through their school's link, in the domain: one response per submission
token, closed and unknown links, the engine's answer rules, throttling per link and address,
and nothing about the pupil anywhere in the schema."""

from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from booking.accounts.models import LoginAttempt
from booking.feedback.responses import InvalidAnswers
from booking.models import Base
from booking.network.models import SurveyAnswer, SurveyResponse
from booking.network.pupil import (
    BadSubmission,
    SurveyClosed,
    TooManyAnswers,
    UnknownSurveyLink,
    admit_submission,
    new_submission_token,
    submit_answers,
    survey_for_pupils,
)
from booking.network.surveys import set_open
from tests.factories import NOW
from tests.network.survey_helpers import all_yes, open_survey, school_in

SECRET = "test-secret"
SCHOOL_NETWORK = "203.0.113.7"


def _send(session, school, answers, *, token=None, client=SCHOOL_NETWORK, now=NOW):
    """As the pupil's page does: count the sending (committed on its own), then store."""
    sent = {"code": school.code, "token": token or new_submission_token(), "answers": answers}
    admit_submission(session, **sent, client=client, secret=SECRET, now=now)
    return submit_answers(session, **sent, now=now)


def _responses(session) -> int:
    return session.scalar(select(func.count()).select_from(SurveyResponse))


def test_one_response_per_submission_token(session):
    survey = open_survey(session)
    school = school_in(session, survey)
    token = new_submission_token()
    stored = _send(session, school, all_yes(survey), token=token)
    again = _send(session, school, all_yes(survey), token=token)
    assert stored.response_id is not None and again.response_id is None
    response = session.get(SurveyResponse, stored.response_id)
    assert (response.survey_school_id, response.submitted_on) == (school.id, NOW.date())
    assert len(response.answers) == 13 and {a.option_index for a in response.answers} == {0}
    assert _responses(session) == 1


def test_a_schools_code_is_easy_to_type_and_opens_typed_in_capitals(session):
    survey = open_survey(session)
    school = school_in(session, survey)
    assert len(school.code) == 12 and set(school.code) <= set("abcdefghjkmnpqrstuvwxyz23456789")
    typed = survey_for_pupils(session, code=school.code.upper(), now=NOW)
    assert typed.school.id == school.id


def test_unknown_draft_closed_and_past_closing_date_links(session):
    survey = open_survey(session, opened=False)
    school = school_in(session, survey)
    with pytest.raises(UnknownSurveyLink, match="not right — ask your teacher"):
        survey_for_pupils(session, code="no-such-code", now=NOW)
    with pytest.raises(SurveyClosed, match="This survey has closed"):
        _send(session, school, all_yes(survey))
    set_open(session, survey_id=survey.id, open_=True, actor_id=None, now=NOW)
    survey.closes_at = NOW + timedelta(hours=1)
    assert survey_for_pupils(session, code=school.code, now=NOW).school.id == school.id
    with pytest.raises(SurveyClosed):
        survey_for_pupils(session, code=school.code, now=NOW + timedelta(hours=2))
    set_open(session, survey_id=survey.id, open_=False, actor_id=None, now=NOW)
    with pytest.raises(SurveyClosed):
        survey_for_pupils(session, code=school.code, now=NOW)
    assert _responses(session) == 0


def test_answers_follow_the_engine_and_a_required_question_must_be_answered(session):
    survey = open_survey(session)
    school = school_in(session, survey)
    survey.questions[0].required = True
    first, second = (f"q{q.id}" for q in survey.questions[:2])
    with pytest.raises(InvalidAnswers) as refused:
        _send(session, school, {second: "7"})
    assert [field for field, _ in refused.value.problems] == [first, second]
    with pytest.raises(BadSubmission):
        _send(session, school, {first: "1"}, token="short")
    stored = _send(session, school, {first: "1"})  # the others are optional
    assert [a.option_index for a in session.get(SurveyResponse, stored.response_id).answers] == [1]


def test_a_page_sent_blank_is_refused_and_stores_nothing(session):
    survey = open_survey(session)
    school = school_in(session, survey)
    with pytest.raises(InvalidAnswers) as refused:
        _send(session, school, {})
    assert refused.value.problems == (
        (f"q{survey.questions[0].id}", "Answer at least one question, then press Send"),
    )
    assert _responses(session) == 0


def test_a_class_of_30_on_one_network_passes_and_a_flood_waits(session):
    survey = open_survey(session)
    school, other = school_in(session, survey), school_in(session, survey, "Bure Valley School")
    answers = all_yes(survey)
    for pupil in range(30):
        _send(session, school, answers, now=NOW + timedelta(seconds=pupil))
    for _more in range(30):
        _send(session, school, answers, now=NOW + timedelta(seconds=30))
    with pytest.raises(TooManyAnswers, match="Wait a minute, then press Send again"):
        _send(session, school, answers, now=NOW + timedelta(seconds=40))
    _send(session, other, answers, now=NOW + timedelta(seconds=40))  # another school's link
    _send(session, school, answers, client="198.51.100.1", now=NOW + timedelta(seconds=40))
    # The minute before still counts: a flood over the turn of a minute waits.
    with pytest.raises(TooManyAnswers):
        _send(session, school, answers, now=NOW + timedelta(seconds=61))
    _send(session, school, answers, now=NOW + timedelta(minutes=2, seconds=1))
    assert _responses(session) == 63
    keys = session.scalars(select(LoginAttempt.key)).all()
    assert all(SCHOOL_NETWORK not in key and len(key) == 64 for key in keys)
    # Records older than the minute are forgotten as new ones are written.
    assert session.scalar(select(func.min(LoginAttempt.attempted_at))) > NOW


def _survey_records(session) -> list:
    session.expire_all()
    return list(session.scalars(select(LoginAttempt).where(LoginAttempt.key.like("survey:%"))))


def test_a_throttle_record_keeps_no_seconds_and_none_outlives_its_minute(session):
    survey = open_survey(session)
    school, other = school_in(session, survey), school_in(session, survey, "Bure Valley School")
    answers = all_yes(survey)
    _send(session, other, answers, client="198.51.100.1", now=NOW + timedelta(seconds=17))
    _send(session, school, answers, now=NOW + timedelta(seconds=42, microseconds=123456))
    assert {r.attempted_at.replace(tzinfo=None) for r in _survey_records(session)} == {
        NOW.replace(tzinfo=None)
    }
    later = NOW + timedelta(minutes=2, seconds=5)
    _send(session, school, answers, now=later)
    # Every survey record from before the previous minute is gone, another school's and
    # address's too.
    left = _survey_records(session)
    assert len(left) == 1 and left[0].attempted_at.replace(tzinfo=None) > NOW.replace(tzinfo=None)
    assert all(r.attempted_at.second == r.attempted_at.microsecond == 0 for r in left)


def test_a_sign_in_failure_is_not_forgotten_by_the_survey(session):
    from booking.accounts.throttle import count_attempt, throttle_key

    sign_in = throttle_key(SECRET, "client", SCHOOL_NETWORK)
    count_attempt(session, [sign_in], NOW)
    survey = open_survey(session)
    _send(session, school_in(session, survey), all_yes(survey), now=NOW + timedelta(minutes=5))
    assert session.scalar(select(func.count()).where(LoginAttempt.key == sign_in)) == 1


def test_counting_and_storing_are_separate_writes(session):
    survey = open_survey(session)
    school = school_in(session, survey)
    sent = {"code": school.code, "token": new_submission_token(), "answers": all_yes(survey)}
    admit_submission(session, **sent, client=SCHOOL_NETWORK, secret=SECRET, now=NOW)
    assert (_responses(session), len(_survey_records(session))) == (0, 1)
    submit_answers(session, **sent, now=NOW)
    assert (_responses(session), len(_survey_records(session))) == (1, 1)
    # The same page sent again is neither counted nor stored again.
    admit_submission(session, **sent, client=SCHOOL_NETWORK, secret=SECRET, now=NOW)
    assert submit_answers(session, **sent, now=NOW).response_id is None
    assert (_responses(session), len(_survey_records(session))) == (1, 1)


def test_words_typed_into_an_older_free_text_question_are_never_stored(session):
    from booking.feedback.models import QuestionKind
    from booking.network.models import SurveyQuestion

    survey = open_survey(session)
    school = school_in(session, survey)
    words = SurveyQuestion(position=99, kind=QuestionKind.LONG_TEXT, text="Anything else?")
    survey.questions.append(words)
    session.flush()
    stored = _send(session, school, all_yes(survey) | {f"q{words.id}": "I am Sam Smith"})
    answers = session.get(SurveyResponse, stored.response_id).answers
    assert len(answers) == 13 and words.id not in {a.question_id for a in answers}
    assert session.scalar(select(func.count()).where(SurveyAnswer.text != "")) == 0


PERSONAL = ("name", "email", "address", "ip", "agent", "user", "browser", "time", "at")


def _tables_holding_responses() -> list[str]:
    names = {SurveyResponse.__tablename__, SurveyAnswer.__tablename__}
    found = set(names)
    for table in Base.metadata.sorted_tables:
        if any(fk.column.table.name in names for fk in table.foreign_keys):
            found.add(table.name)
    return sorted(found)


def test_no_column_about_a_pupil_response_can_hold_who_they_are(session):
    inspector = inspect(session.bind)
    tables = _tables_holding_responses()
    assert {"survey_responses", "survey_answers"} <= set(tables)
    for table in tables:
        for column in inspector.get_columns(table):
            words = column["name"].lower().split("_")
            assert not any(word in PERSONAL for word in words), (table, column["name"])
    # The day alone: no time of day is kept.
    submitted = next(
        c for c in inspector.get_columns("survey_responses") if c["name"] == "submitted_on"
    )
    assert str(submitted["type"]).upper() == "DATE"
