"""The survey results' pages and files for every role: organisers read the county and any school;
a school's lead only their own school; anyone else is refused. Fewer than 10 responses show as
"fewer than 10" on the page, in the workbook and in the PDF, with none of their percentages."""

import io
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import given as hypothesis_given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from booking.accounts.models import SchoolPhase
from booking.audit.models import AuditEntry
from booking.models import Role
from tests.feedback.certificate_helpers import pdf_text
from tests.network.results_helpers import (
    add_responses,
    lead_of,
    make_survey,
    school,
    taking_part,
)
from tests.web_client import WebClient

FILES = ("results.xlsx", "results.pdf")


@pytest.fixture
def world(given, db):
    people = {
        "organiser": given.user(role=Role.ORGANISER),
        "trainer": given.user(role=Role.TRAINER),
        "professional": given.user(),
    }
    earlier = make_survey(db, year_start=2014)
    big, small, elm = school(db, "Big Primary"), school(db, "Small Primary"), school(db, "Elm")
    add_responses(db, taking_part(db, earlier, big), 100, {1: [70, 30]})
    survey = make_survey(db, compare_with=earlier)
    places = {
        "big": taking_part(db, survey, big),
        "small": taking_part(db, survey, small),
        "elm": taking_part(db, survey, elm),
    }
    add_responses(db, places["big"], 91, {1: [81, 10]})
    add_responses(db, places["small"], 9, {1: [0, 9]})
    add_responses(db, places["elm"], 10, {1: [0, 10]})
    # Wren's four with Small's nine: 13, too many to work out from the others, so Elm shows;
    # and all 13 answered question 1, so the county's figures of it show too.
    add_responses(db, taking_part(db, survey, school(db, "Wren")), 4, {1: [3, 1]})
    people["lead"] = lead_of(db, elm, given.user())
    people["small lead"] = lead_of(db, small, given.user())
    db.commit()
    return survey, places, people


def _client(app, person) -> WebClient:
    client = WebClient(app)
    if person is not None:
        client.sign_in(person.email)
    return client


def _main(response) -> str:
    return response.get_data(as_text=True).split("<main", 1)[1]


def _county_urls(survey_id: int, place_id: int) -> list[str]:
    base = f"/manage/surveys/{survey_id}"
    return [
        f"{base}/results",
        f"{base}/results?school={place_id}",
        *(f"{base}/{file}" for file in FILES),
        *(f"{base}/{file}?school={place_id}" for file in FILES),
    ]


def _lead_urls(survey_id: int) -> list[str]:
    base = f"/lead/surveys/{survey_id}"
    return ["/lead/surveys", f"/lead/surveys?survey={survey_id}", *(f"{base}/{f}" for f in FILES)]


@pytest.mark.parametrize(
    ("who", "county", "lead"),
    [
        ("organiser", 200, 403),
        ("lead", 403, 200),
        ("trainer", 403, 403),
        ("professional", 403, 403),
    ],
)
def test_who_reads_which_results(app, world, who, county, lead):
    survey, places, people = world
    client = _client(app, people[who])
    for url in _county_urls(survey.id, places["elm"].id):
        response = client.get(url)
        assert response.status_code == county, url
    for url in _lead_urls(survey.id):
        response = client.get(url)
        assert response.status_code == lead, url
        assert response.headers["Cache-Control"] == "no-store"


def test_signed_out_people_are_sent_to_sign_in(app, world):
    survey, places, _people = world
    for url in [*_county_urls(survey.id, places["elm"].id), *_lead_urls(survey.id)]:
        response = _client(app, None).get(url)
        assert response.status_code == 302 and "/sign-in" in response.location, url


def test_the_county_page(app, world):
    survey, places, people = world
    page = _main(_client(app, people["organiser"]).get(f"/manage/surveys/{survey.id}/results"))
    assert "114 pupils aged 9–11 from 4 primary schools" in page
    assert "81 had a computer" not in page
    assert "74% had a computer, laptop or tablet they could use on their own at home" in page
    assert "(70% in 2014/15)" in page
    assert 'role="img"' in page and "Answers to question 1" in page
    schools = page.split('id="schools"', 1)[1]
    assert "Big Primary" in schools and ">91<" in schools
    assert "fewer than 10" in schools.split("Small Primary", 1)[1].split("</tr>", 1)[0]
    assert f"school={places['small'].id}" in schools


def test_a_school_with_nine_responses_shows_no_figures(app, world):
    survey, places, people = world
    client = _client(app, people["organiser"])
    page = _main(client.get(f"/manage/surveys/{survey.id}/results?school={places['small'].id}"))
    assert "Fewer than 10 pupils aged 9–11 at Small Primary" in page
    assert "so that no pupil can be singled out" in page
    assert "%" not in page and "Answers to question" not in page and ">9<" not in page


def test_a_school_with_exactly_ten_shows_its_figures(app, world):
    survey, places, people = world
    client = _client(app, people["organiser"])
    page = _main(client.get(f"/manage/surveys/{survey.id}/results?school={places['elm'].id}"))
    assert "10 pupils aged 9–11 at Elm" in page
    assert "0% had a computer" in page and "100%" in page


def test_the_workbook_suppresses_small_schools(app, world):
    survey, places, people = world
    client = _client(app, people["organiser"])
    response = client.get(f"/manage/surveys/{survey.id}/results.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["County", "Big Primary", "Elm", "Schools"]
    schools = {row[0]: row[2] for row in book["Schools"].iter_rows(min_row=2, values_only=True)}
    assert schools == {
        "Big Primary": 91,
        "Elm": 10,
        "Small Primary": "fewer than 10",
        "Wren": "fewer than 10",
    }
    county = book["County"]
    cells = {cell.value: cell for row in county.iter_rows() for cell in row if cell.value}
    assert "114 pupils aged 9–11 from 4 primary schools" in cells
    percents = [c for row in county.iter_rows() for c in row if c.number_format == "0%"]
    assert percents and all(isinstance(c.value, float) for c in percents)
    assert percents[0].value == pytest.approx(0.74)

    one = client.get(f"/manage/surveys/{survey.id}/results.xlsx?school={places['small'].id}")
    book = load_workbook(io.BytesIO(one.data))
    assert book.sheetnames == ["Small Primary"]
    values = [c.value for row in book.active.iter_rows() for c in row if c.value is not None]
    assert all(isinstance(v, str) and "%" not in v for v in values)
    assert "Fewer than 10 pupils aged 9–11 at Small Primary" in values


def test_the_pdf_in_the_plans_words_and_suppressed(app, world, db):
    survey, places, people = world
    client = _client(app, people["organiser"])
    text = pdf_text(client.get(f"/manage/surveys/{survey.id}/results.pdf").data)
    flat = " ".join(text.split())
    assert (
        "Analysis of data relating to 114 9–11 year olds from 4 primary schools (2016/17) "
        "indicated that:" in flat
    )
    assert "74% had a computer, laptop or tablet they could use on their own at home" in flat
    assert "at home (70% in 2014/15)" in flat
    assert "Small Primary Primary fewer than 10" in flat

    small = client.get(f"/manage/surveys/{survey.id}/results.pdf?school={places['small'].id}")
    flat = " ".join(pdf_text(small.data).split())
    assert "Fewer than 10 pupils aged 9–11 at Small Primary" in flat and "%" not in flat

    db.rollback()
    audited = db.scalars(
        select(AuditEntry).where(AuditEntry.action == "survey.results_exported")
    ).all()
    assert [(e.subject_id, e.details["file"]) for e in audited] == [
        (survey.id, "results.pdf"),
        (survey.id, "results.pdf"),
    ]
    assert audited[1].details["survey_school_id"] == places["small"].id


def test_the_lead_sees_only_their_own_school(app, world):
    survey, places, people = world
    client = _client(app, people["lead"])
    assert 'href="/lead/surveys"' in _main(client.get("/lead"))
    listing = _main(client.get("/lead/surveys"))
    assert f"survey={survey.id}" in listing and "2016/17" in listing
    page = _main(client.get(f"/lead/surveys?survey={survey.id}"))
    assert "10 pupils aged 9–11 at Elm" in page
    assert "Big Primary" not in page and "Small Primary" not in page and 'id="schools"' not in page
    book = load_workbook(io.BytesIO(client.get(f"/lead/surveys/{survey.id}/results.xlsx").data))
    assert book.sheetnames == ["Elm"]
    pdf = " ".join(pdf_text(client.get(f"/lead/surveys/{survey.id}/results.pdf").data).split())
    assert "at Elm" in pdf and "Big Primary" not in pdf
    # Another school's place, asked for in any address: never shown.
    other = places["big"].id
    assert client.get(f"/manage/surveys/{survey.id}/results?school={other}").status_code == 403
    sneaky = client.get(f"/lead/surveys?survey={survey.id}&school={other}")
    assert sneaky.status_code == 200 and "Big Primary" not in _main(sneaky)


def test_a_lead_whose_school_did_not_take_part_gets_a_404(app, world, given, db):
    survey, _places, _people = world
    outsider = lead_of(db, school(db, "Oak", SchoolPhase.SECONDARY), given.user())
    db.commit()
    client = _client(app, outsider)
    assert "has not taken part" in _main(client.get("/lead/surveys"))
    assert client.get(f"/lead/surveys?survey={survey.id}").status_code == 404
    assert client.get(f"/lead/surveys/{survey.id}/results.pdf").status_code == 404


def test_the_small_schools_lead_sees_fewer_than_ten(app, world):
    survey, _places, people = world
    client = _client(app, people["small lead"])
    page = _main(client.get(f"/lead/surveys?survey={survey.id}"))
    assert "Fewer than 10 pupils aged 9–11 at Small Primary" in page and "%" not in page


def test_unknown_survey_school_or_file_is_not_found(app, world):
    survey, places, people = world
    client = _client(app, people["organiser"])
    base = f"/manage/surveys/{survey.id}"
    assert client.get(f"/manage/surveys/{survey.id + 99}/results").status_code == 404
    assert client.get(f"{base}/results?school={places['elm'].id + 99}").status_code == 404
    assert client.get(f"{base}/results?school=abc").status_code == 404
    assert client.get(f"{base}/results.csv").status_code == 404


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
anything = st.text(max_size=40) | st.sampled_from(["", "0", "-1", "1e9", "99999999999", "٣", "😀"])


@pytest.fixture
def signed_in(app, world):
    """The organiser's and the lead's clients, signed in once for every example."""
    _survey, _places, people = world
    return _client(app, people["organiser"]), _client(app, people["lead"])


@FUZZ
@hypothesis_given(school_id=anything, survey_id=anything, fmt=anything)
def test_no_query_gives_a_5xx(world, signed_in, school_id, survey_id, fmt):
    survey, _places, _people = world
    organiser, lead = signed_in
    params = {"school": school_id}
    fmt = quote(fmt, safe="")
    for client, url, query in (
        (organiser, f"/manage/surveys/{survey.id}/results", params),
        (organiser, f"/manage/surveys/{survey.id}/results.pdf", params),
        (organiser, f"/manage/surveys/{survey.id}/results.{fmt}", {}),
        (lead, "/lead/surveys", {"survey": survey_id}),
        (lead, f"/lead/surveys/{survey.id}/results.{fmt}", {}),
    ):
        response = client.get(url, query_string=query)
        assert response.status_code < 500, (url, query)


def test_a_question_few_answered_shows_no_figures_in_any_output(app, given, db):
    organiser = given.user(role=Role.ORGANISER)
    survey = make_survey(db)
    add_responses(db, taking_part(db, survey, school(db, "Elm")), 40, {1: [3, 5], 2: [20, 20]})
    db.commit()
    client = _client(app, organiser)
    page = _main(client.get(f"/manage/surveys/{survey.id}/results"))
    first = page.split('id="question-', 2)[1]
    assert "Fewer than 10 answered" in first and "%" not in first and "Answers to" not in first
    book = load_workbook(io.BytesIO(client.get(f"/manage/surveys/{survey.id}/results.xlsx").data))
    rows = [row for row in book["County"].iter_rows(values_only=True)]
    at = next(n for n, row in enumerate(rows) if row[0] and str(row[0]).startswith("1. "))
    assert rows[at + 1][:2] == ("Fewer than 10 answered", None)
    assert rows[at + 2] == (None, None, None) and rows[at + 3][0].startswith("2. ")
    pdf = " ".join(pdf_text(client.get(f"/manage/surveys/{survey.id}/results.pdf").data).split())
    assert "home? Fewer than 10 answered 2. Do you have your own smartphone?" in pdf
