"""The pupils' survey's domain: creating surveys (template, copy, blank), their settings and
questions with the feedback engine's rules and lock, schools and their links, opening and
closing, and small-number suppression."""

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from booking.accounts.models import Sector
from booking.audit.models import AuditEntry
from booking.core.errors import NotFound
from booking.core.formatting import LONDON, local
from booking.feedback.builder import InvalidQuestion, QuestionFields, QuestionLocked
from booking.feedback.models import QuestionKind
from booking.network import survey_questions as questions
from booking.network.models import SurveyAnswer, SurveyResponse, SurveySchool, SurveyStatus
from booking.network.suppression import shown_count
from booking.network.survey_schools import (
    AlreadyTakingPart,
    HasResponses,
    NotASchool,
    add_school,
    find_schools,
    remove_school,
    schools_of,
)
from booking.network.survey_templates import CYBERSAFETY_QUESTIONS
from booking.network.surveys import (
    ClosingDatePassed,
    InvalidSurvey,
    NothingToAsk,
    ResultsOut,
    SurveySettings,
    change_settings,
    create_survey,
    is_taking_answers,
    results_out,
    set_open,
    survey_rows,
    template_settings,
)
from tests.factories import NOW
from tests.network.results_helpers import add_responses
from tests.network.survey_helpers import open_survey, organisation, school_in


def test_a_survey_starts_from_the_cybersafety_questions_as_a_draft(session):
    survey = open_survey(session, year=2016, opened=False)
    assert (survey.title, survey.age_group, survey.year_start) == (
        "Cybersafety survey",
        "9–11",
        2016,
    )
    assert [q.text for q in survey.questions] == [q.text for q in CYBERSAFETY_QUESTIONS]
    assert survey.questions[1].finding == "had a smart phone"
    assert not any(q.kind.is_text for q in survey.questions)  # no free text by default
    assert not is_taking_answers(survey, NOW)
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.subject_type, entry.subject_id) == (
        "survey.created",
        "survey",
        survey.id,
    )


def test_a_copy_takes_the_questions_and_is_compared_with_its_source(session):
    earlier = open_survey(session, year=2014)
    copy = create_survey(
        session,
        start="copy",
        copy_from_id=earlier.id,
        settings=template_settings(2016),
        actor_id=None,
        now=NOW,
    )
    assert [q.finding for q in copy.questions] == [q.finding for q in earlier.questions]
    assert copy.compare_with_id == earlier.id and copy.status == SurveyStatus.DRAFT
    blank = create_survey(
        session, start="blank", settings=template_settings(2017), actor_id=None, now=NOW
    )
    assert blank.questions == [] and blank.compare_with_id is None
    rows = survey_rows(session)
    assert [(r.year, r.schools, r.responses) for r in rows] == [
        ("2017/18", 0, 0),
        ("2016/17", 0, 0),
        ("2014/15", 0, 0),
    ]


def test_bad_settings_are_each_named(session):
    bad = SurveySettings(title=" ", age_group="x" * 41, year_start=1999, introduction="i" * 2001)
    with pytest.raises(InvalidSurvey) as refused:
        create_survey(session, start="copy", settings=bad, actor_id=None, now=NOW)
    fields = [field for field, _ in refused.value.problems]
    assert fields == ["copy_from", "title", "age_group", "year_start", "introduction"]
    other = SurveySettings(title="T", age_group="9–11", year_start=2026, compare_with_id=999)
    with pytest.raises(InvalidSurvey, match="earlier survey to compare"):
        create_survey(session, start="blank", settings=other, actor_id=None, now=NOW)


def test_opening_needs_a_question_and_a_closing_date_to_come(session):
    blank = create_survey(
        session, start="blank", settings=template_settings(2026), actor_id=None, now=NOW
    )
    with pytest.raises(NothingToAsk):
        set_open(session, survey_id=blank.id, open_=True, actor_id=None, now=NOW)
    survey = open_survey(session, opened=False)
    survey.closes_at = NOW - timedelta(days=1)
    with pytest.raises(ClosingDatePassed):
        set_open(session, survey_id=survey.id, open_=True, actor_id=None, now=NOW)
    survey.closes_at = NOW + timedelta(days=1)
    set_open(session, survey_id=survey.id, open_=True, actor_id=None, now=NOW)
    assert is_taking_answers(survey, NOW)
    assert not is_taking_answers(survey, NOW + timedelta(days=2))  # its closing date passed
    set_open(session, survey_id=survey.id, open_=False, actor_id=None, now=NOW)
    assert survey.status == SurveyStatus.CLOSED and not is_taking_answers(survey, NOW)


def test_a_closing_date_closes_at_the_end_of_that_day_in_london(session):
    settings = SurveySettings(
        title="T", age_group="9–11", year_start=2026, closes_on=date(2027, 7, 16)
    )
    survey = create_survey(session, start="blank", settings=settings, actor_id=None, now=NOW)
    assert survey.closes_at.isoformat() == "2027-07-17T00:00:00+01:00"


def _answer(session, survey, school, question):
    response = SurveyResponse(
        survey_id=survey.id,
        survey_school_id=school.id,
        submission_token=f"token-{question.id}-0123456789",
        submitted_on=NOW.date(),
    )
    response.answers.append(SurveyAnswer(question_id=question.id, option_index=0))
    session.add(response)
    session.flush()


def test_questions_use_the_feedback_engine_and_lock_once_answered(session):
    survey = open_survey(session)
    school = school_in(session, survey)
    fields = QuestionFields(kind=QuestionKind.CHOICE, text="Which?", options=("A", "a"))
    with pytest.raises(InvalidQuestion) as refused:
        questions.add_question(
            session, survey_id=survey.id, fields=fields, finding="f" * 301, actor_id=None, now=NOW
        )
    assert [f for f, _ in refused.value.problems] == ["options", "finding"]
    fine = QuestionFields(kind=QuestionKind.YES_NO, text="Do you have a tablet?")
    added = questions.add_question(
        session, survey_id=survey.id, fields=fine, finding="had a tablet", actor_id=None, now=NOW
    )
    assert (added.position, added.options, added.finding) == (14, ["Yes", "No"], "had a tablet")
    first = survey.questions[0]
    _answer(session, survey, school, first)
    assert questions.answered_question_ids(session, survey.id) == {first.id}
    reworded = QuestionFields(kind=QuestionKind.YES_NO, text="Reworded")
    with pytest.raises(QuestionLocked):
        questions.edit_question(
            session,
            survey_id=survey.id,
            question_id=first.id,
            fields=reworded,
            actor_id=None,
            now=NOW,
        )
    with pytest.raises(QuestionLocked):
        questions.remove_question(
            session, survey_id=survey.id, question_id=first.id, actor_id=None, now=NOW
        )
    same = QuestionFields(kind=first.kind, text=first.text, hint="New hint", required=True)
    questions.edit_question(
        session,
        survey_id=survey.id,
        question_id=first.id,
        fields=same,
        finding="had one",
        actor_id=None,
        now=NOW,
    )
    assert (first.hint, first.required, first.finding) == ("New hint", True, "had one")
    questions.move_question(
        session, survey_id=survey.id, question_id=added.id, up=True, actor_id=None, now=NOW
    )
    in_order = sorted(survey.questions, key=lambda q: q.position)
    assert in_order[-2].id == added.id
    assert (
        questions.remove_question(
            session, survey_id=survey.id, question_id=added.id, actor_id=None, now=NOW
        )
        == "Do you have a tablet?"
    )
    assert sorted(q.position for q in survey.questions) == list(range(1, 14))


@pytest.mark.parametrize("kind", [QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT])
def test_a_survey_asks_no_free_text_question(session, kind):
    survey = open_survey(session)
    fields = QuestionFields(kind=kind, text="Anything else?")
    with pytest.raises(InvalidQuestion) as refused:
        questions.add_question(session, survey_id=survey.id, fields=fields, actor_id=None, now=NOW)
    assert list(refused.value.problems) == [("kind", questions.NO_WRITING)]
    first = survey.questions[0]
    with pytest.raises(InvalidQuestion):
        questions.edit_question(
            session,
            survey_id=survey.id,
            question_id=first.id,
            fields=fields,
            actor_id=None,
            now=NOW,
        )
    assert not any(q.kind.is_text for q in survey.questions)


def test_a_question_of_another_survey_is_not_found(session):
    one, other = open_survey(session), open_survey(session, year=2025)
    with pytest.raises(NotFound):
        questions.remove_question(
            session, survey_id=one.id, question_id=other.questions[0].id, actor_id=None, now=NOW
        )


def test_schools_and_post_16_take_part_each_with_its_own_random_link(session):
    survey = open_survey(session)
    school = school_in(session, survey, "Cherwell Primary School")
    college = organisation(session, "Abingdon College", Sector.POST_16)
    health = organisation(session, "Abingdon Health Centre", Sector.HEALTH)
    added = add_school(
        session, survey_id=survey.id, organisation_id=college.id, actor_id=None, now=NOW
    )
    assert len(school.code) == 12 and school.code != added.code
    with pytest.raises(NotASchool):
        add_school(session, survey_id=survey.id, organisation_id=health.id, actor_id=None, now=NOW)
    with pytest.raises(AlreadyTakingPart):
        add_school(session, survey_id=survey.id, organisation_id=college.id, actor_id=None, now=NOW)
    assert [r.name for r in find_schools(session, "abingdon")] == ["Abingdon College"]
    rows = schools_of(session, survey.id)
    assert [(r.name, r.shown_responses) for r in rows] == [
        ("Abingdon College", "none yet"),
        ("Cherwell Primary School", "none yet"),
    ]
    _answer(session, survey, school, survey.questions[0])
    with pytest.raises(HasResponses):
        remove_school(session, survey_id=survey.id, school_id=school.id, actor_id=None, now=NOW)
    assert (
        remove_school(session, survey_id=survey.id, school_id=added.id, actor_id=None, now=NOW)
        == "Abingdon College"
    )
    assert session.scalars(select(SurveySchool.id)).all() == [school.id]
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("survey.school_added") == 2 and "survey.school_removed" in actions


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "none yet"),
        (1, "fewer than 10"),
        (9, "fewer than 10"),
        (10, "10"),
        (956, "956"),
        (1234, "1,234"),
    ],
)
def test_fewer_than_ten_responses_are_shown_as_fewer_than_ten(n, shown):
    assert shown_count(n) == shown


def test_once_its_results_are_out_a_survey_stays_closed(session):
    """More answers after the results are out would let the figures before and after give
    away the answers of the pupils in between."""
    survey = open_survey(session)
    set_open(session, survey_id=survey.id, open_=False, actor_id=None, now=NOW)
    set_open(session, survey_id=survey.id, open_=True, actor_id=None, now=NOW)  # no answers yet
    place = school_in(session, survey)
    add_responses(session, place, 1)
    assert not results_out(session, survey, NOW)  # still taking answers
    set_open(session, survey_id=survey.id, open_=False, actor_id=None, now=NOW)
    assert results_out(session, survey, NOW)
    with pytest.raises(ResultsOut, match="start a new survey as a copy"):
        set_open(session, survey_id=survey.id, open_=True, actor_id=None, now=NOW)
    later = SurveySettings(
        title=survey.title, age_group="9–11", year_start=2026, closes_on=date(2099, 1, 1)
    )
    with pytest.raises(InvalidSurvey) as refused:
        change_settings(session, survey_id=survey.id, settings=later, actor_id=None, now=NOW)
    assert [field for field, _ in refused.value.problems] == ["closes_on"]
    same_date = SurveySettings(title="Renamed", age_group="9–11", year_start=2026)
    change_settings(session, survey_id=survey.id, settings=same_date, actor_id=None, now=NOW)
    assert survey.title == "Renamed" and survey.status == SurveyStatus.CLOSED
    # Closing at a minute to midnight (as the demo's do), the same day kept is no new date.
    survey.closes_at = datetime(2026, 7, 17, 23, 59, tzinfo=LONDON)
    kept = SurveySettings(
        title="Renamed again", age_group="9–11", year_start=2026, closes_on=date(2026, 7, 17)
    )
    change_settings(session, survey_id=survey.id, settings=kept, actor_id=None, now=NOW)
    assert survey.title == "Renamed again"
    assert local(survey.closes_at).time() == time(23, 59)  # not moved on to midnight


def test_a_survey_is_compared_only_with_one_of_an_earlier_school_year(session):
    earlier, same = open_survey(session, year=2014), open_survey(session, year=2016)

    def compared_with(other):
        settings = SurveySettings(
            title="T", age_group="9–11", year_start=2016, compare_with_id=other.id
        )
        return create_survey(session, start="blank", settings=settings, actor_id=None, now=NOW)

    with pytest.raises(InvalidSurvey, match="of an earlier school year"):
        compared_with(same)
    assert compared_with(earlier).compare_with_id == earlier.id
    copy = create_survey(
        session,
        start="copy",
        copy_from_id=same.id,
        settings=template_settings(2016),
        actor_id=None,
        now=NOW,
    )
    assert copy.compare_with_id is None  # a copy of this year's survey is not compared with it
