"""The survey's results as the plan reports them: the headline with the schools' phases, each
question's percentages (half up) and finding, the comparison with the earlier survey, and
small numbers suppressed (fewer than 10 responses: no counts, no percentages)."""

import pytest

from booking.accounts.models import SchoolPhase
from booking.core.errors import NotFound
from booking.core.periods import school_year_label
from booking.feedback.models import QuestionKind
from booking.network.models import SurveyStatus
from booking.network.results import school_counts, schools_phrase, survey_results
from booking.network.suppression import SUPPRESS_BELOW, shown_count
from booking.network.survey_templates import SurveyTemplateQuestion
from tests.network.results_helpers import add_responses, make_survey, school, taking_part
from tests.statements import statements_sent

COMPUTER = 1  # "Do you have a computer, laptop or tablet ...?" (Yes, No)
RULES = 6  # "How often do you follow the rules ...?" (three answers)
SCHOOL_INFO = 12  # "How good was what your school told you ...?" (a scale of four)


def test_the_rule_lives_in_one_place_and_reads_as_people_say_it():
    assert SUPPRESS_BELOW == 10
    assert shown_count(0) == "none yet"
    assert shown_count(1) == shown_count(9) == "fewer than 10"
    assert shown_count(10) == "10"
    assert shown_count(956) == "956"
    assert shown_count(50000) == "50,000"


def test_school_years_read_as_the_plan_writes_them():
    assert school_year_label(2016) == "2016/17"
    assert school_year_label(2014) == "2014/15"
    assert school_year_label(1999) == "1999/00"


def test_the_comparison_sentence_with_the_earlier_survey(session):
    earlier = make_survey(session, year_start=2014)
    ash, elm = school(session, "Ash"), school(session, "Elm")
    add_responses(session, taking_part(session, earlier, ash), 100, {COMPUTER: [70, 30]})
    survey = make_survey(session, compare_with=earlier)
    add_responses(session, taking_part(session, survey, elm), 100, {COMPUTER: [81, 19]})

    results = survey_results(session, survey.id)

    assert results.findings[0].line == (
        "81% had a computer, laptop or tablet they could use on their own at home (70% in 2014/15)"
    )
    assert results.compared_with == "2014/15"
    assert results.year == "2016/17"


def test_each_kind_states_its_finding(session):
    survey = make_survey(session)
    place = taking_part(session, survey, school(session, "Elm"))
    # The scale runs from the worst to the best of its four answers: the top two are the last.
    add_responses(session, place, 25, {RULES: [17, 6, 2], SCHOOL_INFO: [1, 1, 3, 20]})
    results = survey_results(session, survey.id)
    lines = [q.finding.line for q in results.questions if q.finding]
    assert lines == [
        "68% said they followed e-safety guidelines all the time, 24% sometimes and 8% not "
        "really or never",
        "92% said the information from school was very good/quite good",
    ]
    assert results.questions[0].finding is None  # nobody answered: no figure to state


def test_percentages_round_half_up(session):
    survey = make_survey(session)
    place = taking_part(session, survey, school(session, "Elm"))
    add_responses(session, place, 40, {COMPUTER: [25, 15]})  # 62.5% and 37.5%
    question = survey_results(session, survey.id).questions[0].summary
    assert [(o.count, o.percent) for o in question.options] == [(25, 63), (15, 38)]
    assert question.answered == 40 and question.skipped == 0


def test_the_headline_names_the_phases_of_the_schools_that_answered(session):
    survey = make_survey(session)
    for n in range(3):
        add_responses(session, taking_part(session, survey, school(session, f"P{n}")), 5)
    taking_part(session, survey, school(session, "Silent Primary"))  # no response: not counted
    results = survey_results(session, survey.id)
    assert results.headline == "15 pupils aged 9–11 from 3 primary schools"
    assert results.analysis_line == (
        "Analysis of data relating to 15 9–11 year olds from 3 primary schools (2016/17) "
        "indicated that:"
    )
    high = school(session, "High", SchoolPhase.SECONDARY)
    add_responses(session, taking_part(session, survey, high), 4)
    assert survey_results(session, survey.id).headline == (
        "19 pupils aged 9–11 from 3 primary schools and 1 secondary school"
    )


def test_schools_phrase():
    assert schools_phrase({SchoolPhase.PRIMARY: 14}) == "14 primary schools"
    assert schools_phrase({None: 14}) == "14 schools"
    assert schools_phrase({SchoolPhase.PRIMARY: 12, SchoolPhase.SECONDARY: 2}) == (
        "12 primary schools and 2 secondary schools"
    )
    assert schools_phrase({SchoolPhase.PRIMARY: 1, None: 1}) == (
        "1 primary school and 1 other school"
    )


def test_a_school_with_nine_responses_is_suppressed(session):
    survey = make_survey(session)
    place = taking_part(session, survey, school(session, "Small"))
    add_responses(session, place, 9, {COMPUTER: [9, 0]})
    results = survey_results(session, survey.id, place.id)
    assert results.suppressed and results.questions == [] and results.findings == []
    assert results.headline == "Fewer than 10 pupils aged 9–11 at Small"
    assert results.responses_text == "fewer than 10"
    # Even county-wide: nine pupils in all is too few to show.
    assert survey_results(session, survey.id).questions == []


def test_a_school_with_exactly_ten_shows_its_figures(session):
    survey = make_survey(session)
    place = taking_part(session, survey, school(session, "Ten"))
    add_responses(session, taking_part(session, survey, school(session, "Other")), 30)
    add_responses(session, place, 10, {COMPUTER: [7, 3]})
    results = survey_results(session, survey.id, place.id)
    assert not results.suppressed
    assert results.headline == "10 pupils aged 9–11 at Ten"
    assert results.findings[0].text.startswith("70% had a computer")


def test_a_school_compares_with_its_own_earlier_results_unless_they_are_suppressed(session):
    elm, ash = school(session, "Elm"), school(session, "Ash")
    earlier = make_survey(session, year_start=2014)
    add_responses(session, taking_part(session, earlier, elm), 20, {COMPUTER: [10, 10]})
    add_responses(session, taking_part(session, earlier, ash), 5, {COMPUTER: [5, 0]})
    # With Oak's six, the small schools' eleven cannot be worked out: Elm's figures show.
    add_responses(session, taking_part(session, earlier, school(session, "Oak")), 6)
    survey = make_survey(session, compare_with=earlier)
    elm_now, ash_now = taking_part(session, survey, elm), taking_part(session, survey, ash)
    add_responses(session, elm_now, 10, {COMPUTER: [8, 2]})
    add_responses(session, ash_now, 10, {COMPUTER: [6, 4]})

    assert survey_results(session, survey.id, elm_now.id).findings[0].earlier == "50% in 2014/15"
    assert survey_results(session, survey.id, ash_now.id).findings[0].earlier == ""
    # County-wide: of the withheld schools then (Ash and Oak), only Ash's five answered it, so
    # that year's own county figure is withheld; nor is it shown beside this year's.
    assert survey_results(session, earlier.id).questions[0].withheld
    assert survey_results(session, survey.id).findings[0].earlier == ""


def test_an_earlier_survey_with_too_few_responses_is_not_compared(session):
    earlier = make_survey(session, year_start=2014)
    add_responses(session, taking_part(session, earlier, school(session, "A")), 9, {1: [9, 0]})
    survey = make_survey(session, compare_with=earlier)
    add_responses(session, taking_part(session, survey, school(session, "B")), 10, {1: [5, 5]})
    results = survey_results(session, survey.id)
    assert results.findings[0].line.endswith("at home") and results.compared_with == ""


def test_questions_are_matched_by_wording_whatever_the_case(session):
    earlier = make_survey(
        session,
        year_start=2014,
        questions=[SurveyTemplateQuestion(QuestionKind.YES_NO, "DO YOU HAVE  A PET?", "had a pet")],
    )
    add_responses(session, taking_part(session, earlier, school(session, "A")), 10, {1: [3, 7]})
    survey = make_survey(
        session,
        compare_with=earlier,
        questions=[
            SurveyTemplateQuestion(QuestionKind.YES_NO, "Do you have a pet?", "had a pet"),
            SurveyTemplateQuestion(QuestionKind.YES_NO, "Do you have a bike?", "had a bike"),
        ],
    )
    add_responses(
        session, taking_part(session, survey, school(session, "B")), 10, {1: [5, 5], 2: [1, 9]}
    )
    lines = [f.line for f in survey_results(session, survey.id).findings]
    assert lines == ["50% had a pet (30% in 2014/15)", "10% had a bike"]


def test_free_text_is_counted_never_read(session):
    survey = make_survey(
        session,
        questions=[SurveyTemplateQuestion(QuestionKind.LONG_TEXT, "Anything else?", "", ())],
    )
    add_responses(session, taking_part(session, survey, school(session, "A")), 12, texts={1: 4})
    question = survey_results(session, survey.id).questions[0]
    assert question.summary.answered == 4 and question.summary.comments == []
    assert question.finding is None


def test_school_counts_are_shown_through_the_rule(session):
    survey = make_survey(session)
    add_responses(session, taking_part(session, survey, school(session, "Big")), 12)
    add_responses(session, taking_part(session, survey, school(session, "Small")), 9)
    taking_part(session, survey, school(session, "Quiet"))
    counts = school_counts(session, survey.id)
    # Big is withheld with Small: the county's 21 less Big's 12 would give Small's 9.
    assert [(c.name, c.shown, c.has_figures) for c in counts] == [
        ("Big", "not shown", False),
        ("Quiet", "none yet", False),
        ("Small", "fewer than 10", False),
    ]


def test_unknown_survey_or_school_is_not_found(session):
    survey, other = make_survey(session), make_survey(session)
    place = taking_part(session, other, school(session, "Elsewhere"))
    with pytest.raises(NotFound):
        survey_results(session, survey.id + 100)
    with pytest.raises(NotFound):
        survey_results(session, survey.id, place.id)


@pytest.mark.parametrize("school_view", [False, True])
def test_the_same_number_of_statements_whatever_the_responses(session, engine, school_view):
    earlier = make_survey(session, year_start=2014)
    survey = make_survey(session, compare_with=earlier)
    then = taking_part(session, earlier, school(session, "Elm"))
    place = taking_part(session, survey, then.organisation)
    add_responses(session, then, 12, {1: [6, 6]})

    def sent() -> int:
        session.expunge_all()
        with statements_sent(engine) as statements:
            survey_results(session, survey.id, place.id if school_view else None)
        return len(statements)

    add_responses(session, place, 12, {n: [6, 6] for n in (1, 2, 3)})
    few = sent()
    add_responses(session, place, 300, {n: [150, 150] for n in (1, 2, 3, 4, 5)})
    assert sent() == few <= 12


def test_a_question_fewer_than_ten_answered_shows_no_figures(session):
    earlier = make_survey(session, year_start=2014)
    add_responses(session, taking_part(session, earlier, school(session, "A")), 20, {2: [5, 4]})
    survey = make_survey(session, compare_with=earlier)
    add_responses(
        session,
        taking_part(session, survey, school(session, "B")),
        30,
        {COMPUTER: [3, 6], 2: [8, 2], 3: [0, 0]},
    )
    first, second, third = survey_results(session, survey.id).questions[:3]
    assert first.suppressed and first.summary.options == [] and first.finding is None
    assert first.answered_line == "Fewer than 10 answered"
    # Answered by ten: shown, but the earlier survey's nine answers are not compared.
    assert not second.suppressed and second.finding.line == "80% had a smart phone"
    assert second.answered_line == "10 answered, 20 skipped"
    assert third.answered_line == "No answers yet"


def test_an_earlier_survey_still_taking_answers_is_not_compared(session):
    """Its figures would move with each pupil, and this year's page would show them move."""
    earlier = make_survey(session, year_start=2014, status=SurveyStatus.OPEN)
    add_responses(session, taking_part(session, earlier, school(session, "A")), 10, {1: [5, 5]})
    survey = make_survey(session, compare_with=earlier)
    add_responses(session, taking_part(session, survey, school(session, "B")), 10, {1: [8, 2]})
    assert survey_results(session, survey.id).compared_with == ""
    earlier.status = SurveyStatus.CLOSED
    session.flush()
    assert survey_results(session, survey.id).findings[0].earlier == "50% in 2014/15"


def test_a_survey_compared_with_one_of_a_later_year_shows_no_comparison(session):
    later = make_survey(session, year_start=2018)
    add_responses(session, taking_part(session, later, school(session, "A")), 10, {1: [5, 5]})
    survey = make_survey(session, compare_with=later)  # its year moved after it was chosen
    add_responses(session, taking_part(session, survey, school(session, "B")), 10, {1: [8, 2]})
    assert survey_results(session, survey.id).compared_with == ""
