"""Figures that cannot be undone: a small school's count and answers are not given away by the
county's figures less the other schools' (the next-smallest school is withheld with it), nor a
pupil's answers by reloading the results after each response (no figures until the survey
closes)."""

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from booking.models import Role
from booking.network.models import SurveyStatus
from booking.network.results import school_counts, survey_results
from booking.network.suppression import withheld_schools
from booking.network.survey_schools import schools_of
from tests.feedback.certificate_helpers import pdf_text
from tests.network.results_helpers import (
    add_responses,
    lead_of,
    make_survey,
    school,
    taking_part,
)
from tests.web_client import WebClient

COMPUTER = 1  # Yes, No
CLOSES = datetime(2017, 3, 25, tzinfo=UTC)  # the end of Friday 24 March 2017
BEFORE, AFTER = datetime(2017, 3, 20, tzinfo=UTC), datetime(2017, 3, 26, tzinfo=UTC)


def test_the_next_smallest_school_is_withheld_until_the_withheld_total_ten():
    assert withheld_schools({1: 7, 2: 40, 3: 25, 4: 0}) == {1, 3}
    assert withheld_schools({1: 9, 2: 10, 3: 11}) == {1, 2}
    assert withheld_schools({1: 7, 2: 12, 3: 12}) == {1, 2}  # a tie: the lower id
    assert withheld_schools({1: 3, 2: 7}) == {1, 2}  # nobody left to shield them: all withheld


def test_none_is_withheld_when_the_small_schools_already_total_ten():
    assert withheld_schools({1: 4, 2: 6, 3: 30, 4: 50}) == {1, 2}
    assert withheld_schools({1: 30, 2: 50, 3: 0}) == set()
    assert withheld_schools({}) == set()


def _demo_like(session):
    """Like the demo: one school of 7 among bigger ones."""
    survey = make_survey(session)
    places = {}
    for name, size, yes in (("Tiny", 7, 7), ("Oak", 25, 5), ("Elm", 40, 20), ("Ash", 60, 30)):
        places[name] = taking_part(session, survey, school(session, name))
        add_responses(session, places[name], size, {COMPUTER: [yes, size - yes]})
    return survey, places


def test_in_the_demo_like_case_the_county_less_the_shown_schools_gives_no_small_school(session):
    survey, places = _demo_like(session)
    counts = {c.name: c for c in school_counts(session, survey.id)}
    assert {name: c.shown for name, c in counts.items()} == {
        "Ash": "60",
        "Elm": "40",
        "Oak": "not shown",
        "Tiny": "fewer than 10",
    }
    county = survey_results(session, survey.id)
    assert county.responses_text == "132"
    shown = [int(c.shown) for c in counts.values() if c.has_figures]
    assert county.responses - sum(shown) == 32  # Tiny's 7 with Oak's 25: neither alone

    # The answers too: the county's "Yes" less the shown schools' is Tiny's and Oak's together.
    def yes(results) -> int:
        return results.questions[0].summary.options[0].count

    shown_yes = sum(
        yes(survey_results(session, survey.id, c.survey_school_id))
        for c in counts.values()
        if c.has_figures
    )
    assert yes(county) - shown_yes == 12

    oak = survey_results(session, survey.id, places["Oak"].id)
    assert oak.withheld and oak.suppressed and oak.questions == []
    assert oak.responses_text == "not shown" and "25" not in oak.headline
    assert oak.headline == "The number of pupils aged 9–11 at Oak is not shown"
    assert "fewer than" not in oak.headline.lower() + oak.why_no_figures.lower()
    tiny = survey_results(session, survey.id, places["Tiny"].id)
    assert tiny.headline == "Fewer than 10 pupils aged 9–11 at Tiny" and not tiny.withheld


def test_a_question_few_pupils_of_the_withheld_schools_answered_is_withheld_county_wide(session):
    """Tiny and Oak are withheld (32 pupils), but only 6 of them answered question 2: the
    county's figures of question 2 less the shown schools' would be those 6 pupils' answers."""
    survey = make_survey(session)
    for name, size, smartphone in (("Tiny", 7, [2, 1]), ("Oak", 25, [1, 2]), ("Elm", 40, [9, 31])):
        place = taking_part(session, survey, school(session, name))
        add_responses(session, place, size, {COMPUTER: [size, 0], 2: smartphone})
    county = survey_results(session, survey.id)
    computer, smartphone = county.questions[:2]
    assert not computer.suppressed and computer.summary.options[0].count == 72
    assert smartphone.suppressed and smartphone.withheld and smartphone.finding is None
    assert smartphone.summary.options == []
    assert smartphone.answered_line.startswith("Not shown")
    elm = survey_results(session, survey.id, county_school(session, survey, "Elm"))
    assert not elm.questions[1].suppressed  # a shown school's own figures stay


def county_school(session, survey, name: str) -> int:
    counts = {c.name: c for c in school_counts(session, survey.id)}
    return counts[name].survey_school_id


def test_a_school_withheld_in_the_earlier_survey_is_not_compared(session):
    elm, tiny = school(session, "Elm"), school(session, "Tiny")
    earlier = make_survey(session, year_start=2014)
    add_responses(session, taking_part(session, earlier, elm), 20, {COMPUTER: [10, 10]})
    add_responses(session, taking_part(session, earlier, tiny), 5, {COMPUTER: [5, 0]})
    survey = make_survey(session, compare_with=earlier)
    elm_now = taking_part(session, survey, elm)
    add_responses(session, elm_now, 30, {COMPUTER: [8, 22]})
    assert survey_results(session, survey.id, elm_now.id).findings[0].earlier == ""


def _open(session, closes_at=CLOSES):
    survey, places = _demo_like(session)
    survey.status, survey.closes_at = SurveyStatus.OPEN, closes_at
    session.flush()
    return survey, places


def test_an_open_survey_shows_only_how_many_have_answered(session):
    survey, places = _open(session)
    county = survey_results(session, survey.id, now=BEFORE)
    assert not county.closed and county.questions == [] and county.findings == []
    assert county.headline == "132 pupils aged 9–11 from 4 primary schools"
    assert county.why_no_figures == (
        "Results appear when the survey closes on Friday 24 March 2017; 132 pupils from 4 "
        "primary schools have answered so far."
    )
    ash = survey_results(session, survey.id, places["Ash"].id, now=BEFORE)
    assert ash.questions == [] and ash.headline == "60 pupils aged 9–11 at Ash"
    assert ash.why_no_figures == (
        "This school's results appear when the survey closes on Friday 24 March 2017."
    )
    oak = survey_results(session, survey.id, places["Oak"].id, now=BEFORE)
    assert oak.questions == [] and oak.responses_text == "not shown"
    # Without a time, an open survey is judged open.
    assert survey_results(session, survey.id).questions == []


@pytest.mark.parametrize("how", ["closed by hand", "closing date passed"])
def test_results_appear_once_the_survey_closes(session, how):
    survey, places = _open(session)
    if how == "closed by hand":
        survey.status = SurveyStatus.CLOSED
        session.flush()
    county = survey_results(session, survey.id, now=AFTER)
    assert county.closed and county.why_no_figures == ""
    assert county.findings[0].text.startswith("47% had a computer")
    ash = survey_results(session, survey.id, places["Ash"].id, now=AFTER)
    assert ash.findings[0].text.startswith("50% had a computer")


def test_an_open_survey_without_a_closing_date(session):
    survey, _places = _open(session, closes_at=None)
    county = survey_results(session, survey.id, now=AFTER)
    assert county.why_no_figures.startswith("Results appear when the survey closes; 132 pupils")


# The pages and files.


@pytest.fixture
def organiser(app, given, db):
    person = given.user(role=Role.ORGANISER)
    db.commit()
    client = WebClient(app)
    client.sign_in(person.email)
    return client


def _main(response) -> str:
    return response.get_data(as_text=True).split("<main", 1)[1]


def _pdf(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(pdf_text(response.data).split())


def test_every_output_withholds_the_next_smallest_school(app, db, organiser):
    survey, places = _demo_like(db)
    db.commit()
    base = f"/manage/surveys/{survey.id}"
    schools = _main(organiser.get(f"{base}/results")).split('id="schools"', 1)[1]
    assert "not shown" in schools.split(">Oak<", 1)[1].split("</tr>", 1)[0]
    assert ">25<" not in schools and ">60<" in schools

    page = _main(organiser.get(f"{base}/results?school={places['Oak'].id}"))
    assert "The number of pupils aged 9–11 at Oak is not shown" in page
    assert "so that no pupil can be singled out" in page
    assert "%" not in page and ">25<" not in page and "Fewer than 10 pupils" not in page

    book = load_workbook(io.BytesIO(organiser.get(f"{base}/results.xlsx").data))
    assert book.sheetnames == ["County", "Ash", "Elm", "Schools"]
    counts = {row[0]: row[2] for row in book["Schools"].iter_rows(min_row=2, values_only=True)}
    assert counts == {"Ash": 60, "Elm": 40, "Oak": "not shown", "Tiny": "fewer than 10"}
    one = load_workbook(
        io.BytesIO(organiser.get(f"{base}/results.xlsx?school={places['Oak'].id}").data)
    )
    values = [c.value for row in one.active.iter_rows() for c in row if c.value is not None]
    assert all(isinstance(v, str) and "%" not in v and "25" not in v for v in values)

    assert "Oak Primary not shown" in _pdf(organiser, f"{base}/results.pdf")
    flat = _pdf(organiser, f"{base}/results.pdf?school={places['Oak'].id}")
    assert "at Oak is not shown" in flat and "%" not in flat and " 25 " not in flat


def test_no_figures_anywhere_while_the_survey_is_open(app, db, given, organiser):
    survey, places = _open(db, closes_at=None)
    person = lead_of(db, places["Ash"].organisation, given.user())
    db.commit()
    lead = WebClient(app)
    lead.sign_in(person.email)
    base = f"/manage/surveys/{survey.id}"
    county = _main(organiser.get(f"{base}/results"))
    assert "Results appear when the survey closes; 132 pupils from 4 primary schools" in county
    assert "%" not in county and "Answers to question" not in county
    assert ">60<" in county  # the schools' counts still show

    for client, url in (
        (organiser, f"{base}/results?school={places['Ash'].id}"),
        (lead, f"/lead/surveys?survey={survey.id}"),
    ):
        page = _main(client.get(url))
        assert "60 pupils aged 9–11 at Ash" in page
        assert "This school&#39;s results appear when the survey closes" in page
        assert "%" not in page and "Answers to question" not in page
    for client, url in (
        (organiser, f"{base}/results.pdf"),
        (organiser, f"{base}/results.pdf?school={places['Ash'].id}"),
        (lead, f"/lead/surveys/{survey.id}/results.pdf"),
    ):
        assert "%" not in _pdf(client, url) and "appear when the survey closes" in _pdf(client, url)
    for client, url in (
        (organiser, f"{base}/results.xlsx"),
        (lead, f"/lead/surveys/{survey.id}/results.xlsx"),
    ):
        book = load_workbook(io.BytesIO(client.get(url).data))
        assert book.sheetnames[0] in ("County", "Ash") and "Elm" not in book.sheetnames
        cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
        assert not any(c.number_format == "0%" for c in cells)


def test_a_question_few_answered_at_a_shown_school_is_withheld_county_wide(session):
    """A and B show their figures (20 pupils each), but only 5 of A's answered question 2:
    the county's figures of question 2 less B's would be those five pupils' answers."""
    survey = make_survey(session)
    for name, smartphone in (("A", [4, 1]), ("B", [9, 6])):
        place = taking_part(session, survey, school(session, name))
        add_responses(session, place, 20, {COMPUTER: [10, 10], 2: smartphone})
    computer, smartphone = survey_results(session, survey.id).questions[:2]
    assert not computer.suppressed
    assert smartphone.withheld and smartphone.summary.options == [] and not smartphone.finding
    assert smartphone.answered_line == "Not shown: too few pupils answered it at some schools"
    a = survey_results(session, survey.id, county_school(session, survey, "A"))
    b = survey_results(session, survey.id, county_school(session, survey, "B"))
    assert a.questions[1].answered_line == "Fewer than 10 answered"
    assert not b.questions[1].suppressed  # B's own figures stay


def test_answers_hidden_at_several_schools_that_total_ten_leave_the_county_figure(session):
    survey = make_survey(session)
    for name, smartphone in (("A", [4, 1]), ("B", [9, 6]), ("C", [2, 3])):
        place = taking_part(session, survey, school(session, name))
        add_responses(session, place, 20, {COMPUTER: [10, 10], 2: smartphone})
    smartphone = survey_results(session, survey.id).questions[1]
    assert not smartphone.suppressed  # A's five with C's five: neither alone
    assert [o.count for o in smartphone.summary.options] == [15, 10]


def test_a_schools_page_withholds_the_count_the_results_withhold(session):
    survey, _places = _demo_like(session)
    shown = {row.name: row.shown_responses for row in schools_of(session, survey.id)}
    assert shown == {"Ash": "60", "Elm": "40", "Oak": "not shown", "Tiny": "fewer than 10"}
