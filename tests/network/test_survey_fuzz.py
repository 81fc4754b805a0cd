"""No input to the survey's forms and parameters produces a 5xx: the pupils' page and every
organiser form, with random values."""

import pytest
from hypothesis import given as given_input
from hypothesis import strategies as st

from booking.models import Role
from booking.network.survey_forms import NewSurveyForm, SurveyQuestionForm, SurveySettingsForm
from tests.network.survey_helpers import open_survey, school_in
from tests.web.test_fuzz import FUZZ, anything, field_names
from tests.web_client import WebClient


@pytest.fixture
def world(app, given, db):
    organiser = given.user(role=Role.ORGANISER)
    survey = open_survey(db)
    school = school_in(db, survey)
    db.commit()
    client = WebClient(app)
    client.sign_in(organiser.email)
    base = f"/manage/surveys/{survey.id}"
    forms = {
        "/manage/surveys/new": NewSurveyForm,
        f"{base}/settings": SurveySettingsForm,
        f"{base}/questions/new": SurveyQuestionForm,
        f"{base}/questions/{survey.questions[0].id}": SurveyQuestionForm,
        f"{base}/schools": None,
        base: None,
    }
    return client, client.csrf(), survey, school, forms


def _ok(response):
    assert response.status_code < 500, response.get_data(as_text=True)[:500]


@FUZZ
@given_input(data=st.data())
def test_organiser_forms_answer_any_input_without_a_server_error(world, data):
    client, token, _survey, _school, forms = world
    url = data.draw(st.sampled_from(sorted(forms)))
    names = field_names(forms[url]) if forms[url] else ["action", "organisation_id"]
    form = {name: data.draw(anything | st.lists(anything, max_size=4)) for name in names}
    form["csrf_token"] = token
    _ok(client.http.post(url, data=form))


@FUZZ
@given_input(data=st.data())
def test_the_pupils_page_answers_any_input_without_a_server_error(world, data):
    client, token, survey, school, _forms = world
    names = [f"q{q.id}" for q in survey.questions] + ["token", "given", "x"]
    form = {name: data.draw(anything) for name in data.draw(st.lists(st.sampled_from(names)))}
    form["csrf_token"] = token
    code = data.draw(st.sampled_from([school.code]) | anything.filter(lambda c: "/" not in c))
    _ok(client.http.post(f"/survey/{code}", data=form))
    _ok(client.http.get(f"/survey/{code}/thanks"))


@FUZZ
@given_input(q=anything, survey_id=st.integers(min_value=-5, max_value=2**40))
def test_search_and_ids_answer_without_a_server_error(world, q, survey_id):
    client, _token, survey, school, _forms = world
    _ok(client.http.get(f"/manage/surveys/{survey.id}/schools", query_string={"q": q}))
    _ok(client.http.get(f"/manage/surveys/{survey_id}/schools/{school.id}/poster"))
