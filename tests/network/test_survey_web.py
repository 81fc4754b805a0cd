"""The survey's pages: every role on every organiser route, CSRF, the organiser's journey
(create, questions, schools, QR code, poster, open), and the pupils' public pages: one
response per page sent, closed and unknown links, answers kept, throttling with nothing lost."""

import pytest
from sqlalchemy import func, select

from booking.models import AuditEntry, Role
from booking.network.models import Survey, SurveyQuestion, SurveyResponse, SurveySchool
from booking.network.surveys import set_open
from booking.reports.leads import decide_lead, request_lead
from tests.factories import NOW
from tests.network.survey_helpers import all_yes, open_survey, organisation, school_in, token_on
from tests.web_client import WebClient

ROLES = ["anonymous", Role.PROFESSIONAL, Role.TRAINER, "lead", Role.ORGANISER]


@pytest.fixture
def world(given, db):
    people = {role: given.user(role=role) for role in (Role.PROFESSIONAL, Role.TRAINER)}
    people[Role.ORGANISER] = given.user(role=Role.ORGANISER)
    people["lead"] = given.user(name="Dee Lead")
    asked = request_lead(db, person_id=people["lead"].id, now=NOW)
    decide_lead(db, lead_id=asked.id, decision="approve", by_id=people[Role.ORGANISER].id, now=NOW)
    survey = open_survey(db)
    school = school_in(db, survey)
    spare = school_in(db, survey, "Bure Valley School")
    organisation(db, "Cherwell Primary School")
    db.commit()
    return people, survey, school, spare


def routes(survey, school, spare):
    """(method, url, data) for every organiser route; the POSTs with valid data."""
    base = f"/manage/surveys/{survey.id}"
    question = survey.questions[0]
    q = f"{base}/questions/{question.id}"
    settings = {"title": "Cybersafety", "age_group": "9–11", "year_start": "2026"}
    return [
        ("GET", "/manage/surveys", None),
        ("GET", "/manage/surveys/new", None),
        ("POST", "/manage/surveys/new", settings | {"start": "cybersafety"}),
        ("GET", base, None),
        ("POST", base, {"action": "close"}),
        ("GET", f"{base}/settings", None),
        ("POST", f"{base}/settings", settings),
        ("GET", f"{base}/questions/new", None),
        ("POST", f"{base}/questions/new", {"text": "Do you game?", "kind": "yes_no"}),
        ("GET", q, None),
        ("POST", q, {"text": "Reworded", "kind": "yes_no", "finding": "gamed"}),
        ("POST", f"{q}/move-down", {}),
        ("GET", f"{q}/remove", None),
        ("POST", f"{q}/remove", {}),
        ("GET", f"{base}/schools", None),
        ("GET", f"{base}/schools?q=cherwell", None),
        ("POST", f"{base}/schools", {"organisation_id": "__cherwell__"}),
        ("GET", f"{base}/schools/{school.id}/qr.svg", None),
        ("GET", f"{base}/schools/{school.id}/qr.png", None),
        ("GET", f"{base}/schools/{school.id}/poster", None),
        ("POST", f"{base}/schools/{spare.id}/remove", {}),
    ]


def _client(app, person=None) -> WebClient:
    client = WebClient(app)
    if person is not None:
        client.sign_in(person.email)
    return client


def _send(client, method, url, data, db=None):
    if method == "GET":
        return client.get(url)
    if data.get("organisation_id") == "__cherwell__":
        from booking.accounts.models import Organisation

        found = db.scalars(select(Organisation.id).where(Organisation.name.like("Cherwell%")))
        data = {"organisation_id": str(found.one())}
    return client.post(url, data)


@pytest.mark.parametrize("who", ROLES)
def test_only_organisers_use_the_survey_pages(app, db, world, who):
    people, survey, school, spare = world
    spare_ids = [spare.id]
    client = _client(app, people.get(who))
    for method, url, data in routes(survey, school, spare):
        response = _send(client, method, url, data, db)
        if who == "anonymous":
            assert response.status_code == 302, url
            assert "/sign-in" in response.headers["Location"]
        elif who != Role.ORGANISER:
            assert response.status_code == 403, (who, method, url)
        else:
            assert response.status_code == (200 if method == "GET" else 302), (method, url)
    if who == Role.ORGANISER:
        spare_id = spare_ids[0]
        db.rollback()
        assert db.scalar(select(func.count()).select_from(Survey)) == 2
        texts = db.scalars(select(SurveyQuestion.text).where(SurveyQuestion.survey_id == survey.id))
        assert "Do you game?" in texts.all()
        names = db.scalars(select(SurveySchool.id).where(SurveySchool.survey_id == survey.id))
        assert spare_id not in names.all()
        actions = set(db.scalars(select(AuditEntry.action)))
        assert {"survey.created", "survey.changed", "survey.closed"} <= actions
        assert {"survey.school_added", "survey.school_removed"} <= actions


@pytest.mark.parametrize("index", [2, 4, 6, 8, 10, 11, 13, 16, 20])
def test_every_organiser_post_needs_the_csrf_token(app, db, world, index):
    people, survey, school, spare = world
    method, url, data = routes(survey, school, spare)[index]
    assert method == "POST"
    assert _client(app, people[Role.ORGANISER]).post(url, data, csrf=False).status_code == 400


def test_the_schools_page_shows_links_and_counts_under_ten_as_fewer_than_ten(app, db, world):
    people, survey, school, _spare = world
    pupil = WebClient(app)
    for _ in range(3):
        page = pupil.get(f"/survey/{school.code}").get_data(as_text=True)
        pupil.post(f"/survey/{school.code}", all_yes(survey) | {"token": token_on(page)})
    client = _client(app, people[Role.ORGANISER])
    html = client.get(f"/manage/surveys/{survey.id}/schools").get_data(as_text=True)
    assert f"https://training.example.org/survey/{school.code}" in html
    assert "fewer than 10" in html and "none yet" in html
    poster = client.get(f"/manage/surveys/{survey.id}/schools/{school.id}/poster")
    text = poster.get_data(as_text=True)
    assert (
        "Scan to take the survey" in text and f"training.example.org/survey/{school.code}" in text
    )
    assert "<svg" in text
    svg = client.get(f"/manage/surveys/{survey.id}/schools/{school.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml"
    png = client.get(f"/manage/surveys/{survey.id}/schools/{school.id}/qr.png")
    assert png.data.startswith(b"\x89PNG")
    listed = client.get("/manage/surveys").get_data(as_text=True)
    assert "Cybersafety survey" in listed and "2026/27" in listed


def test_a_school_of_another_survey_is_not_found(app, db, world):
    people, survey, _school, _spare = world
    other = open_survey(db, year=2025)
    theirs = school_in(db, other, "Other School")
    db.commit()
    client = _client(app, people[Role.ORGANISER])
    assert client.get(f"/manage/surveys/{survey.id}/schools/{theirs.id}/poster").status_code == 404
    assert client.get("/manage/surveys/999999").status_code == 404


def test_a_new_survey_with_mistakes_shows_each_and_keeps_what_was_typed(app, world):
    people, *_ = world
    client = _client(app, people[Role.ORGANISER])
    bad = {"start": "copy", "title": "", "age_group": "9–11", "year_start": "twenty"}
    response = client.post("/manage/surveys/new", bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    for message in ("Choose the survey to copy", "Enter a title", "Enter the year the school"):
        assert message in html
    assert 'value="twenty"' in html


def test_the_question_builder_offers_no_free_text(app, db, world):
    people, survey, *_ = world
    client = _client(app, people[Role.ORGANISER])
    url = f"/manage/surveys/{survey.id}/questions/new"
    page = client.get(url).get_data(as_text=True)
    assert 'value="yes_no"' in page and 'value="short_text"' not in page
    assert 'value="long_text"' not in page
    for kind in ("short_text", "long_text"):
        refused = client.post(url, {"text": "Anything else?", "kind": kind})
        html = refused.get_data(as_text=True)
        assert refused.status_code == 200 and "pupils are not asked to write answers" in html
    db.rollback()
    assert not any(q.kind.is_text for q in db.get(Survey, survey.id).questions)


# --- pupils ------------------------------------------------------------------------------


def _count(db) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(SurveyResponse))


def test_a_pupil_answers_and_the_next_one_starts_again(app, db, world):
    _people, survey, school, _spare = world
    pupil = WebClient(app)
    url = f"/survey/{school.code}"
    first = pupil.get(url)
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and "Do not write your name anywhere" in page
    assert first.headers["Cache-Control"] == "no-store"
    assert 'autocomplete="off"' in page  # the next pupil never sees the last one's answers
    assert "Create an account" not in page and "Sign in" not in page  # no menu for pupils
    sent = pupil.post(url, all_yes(survey) | {"token": token_on(page)})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"{url}/thanks")
    thanks = pupil.get(f"{url}/thanks").get_data(as_text=True)
    assert "Thank you!" in thanks and "Your answers are saved." in thanks
    assert "Pass the tablet to the next person." in thanks and "Sign in" not in thanks
    assert f'href="{url}"' in thanks and "Start the survey again for the next person" in thanks
    again = pupil.get(url).get_data(as_text=True)
    assert token_on(again) != token_on(page)  # a fresh token for the next pupil
    assert _count(db) == 1


def test_sending_the_same_page_twice_stores_one_response(app, db, world):
    _people, survey, school, _spare = world
    pupil = WebClient(app)
    url = f"/survey/{school.code}"
    token = token_on(pupil.get(url).get_data(as_text=True))
    for _ in range(2):
        assert pupil.post(url, all_yes(survey) | {"token": token}).status_code == 302
    assert _count(db) == 1


def test_unknown_and_closed_links_say_so(app, db, world):
    _people, survey, school, _spare = world
    pupil = WebClient(app)
    unknown = pupil.get("/survey/not-a-real-code")
    assert unknown.status_code == 404
    assert "This survey link is not right — ask your teacher" in unknown.get_data(as_text=True)
    set_open(db, survey_id=survey.id, open_=False, actor_id=None, now=NOW)
    db.commit()
    closed = pupil.get(f"/survey/{school.code}")
    assert closed.status_code == 410 and "This survey has closed" in closed.get_data(as_text=True)
    posted = pupil.post(f"/survey/{school.code}", all_yes(survey) | {"token": "x" * 32})
    assert posted.status_code == 410 and _count(db) == 0


def test_a_missed_required_answer_keeps_the_others(app, db, world):
    _people, survey, school, _spare = world
    first, second = survey.questions[:2]
    first.required = True
    db.commit()
    pupil = WebClient(app)
    url = f"/survey/{school.code}"
    token = token_on(pupil.get(url).get_data(as_text=True))
    response = pupil.post(url, {f"q{second.id}": "1", "token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert f'href="#q{first.id}"' in html
    assert 'value="1" checked' in html and token_on(html) == token
    assert _count(db) == 0


def test_a_flood_from_one_network_is_throttled_with_the_answers_kept(app, db, world):
    _people, survey, school, _spare = world
    url = f"/survey/{school.code}"
    pupil = WebClient(app)
    page = pupil.get(url).get_data(as_text=True)
    statuses = []
    for n in range(200):
        sent = pupil.post(url, all_yes(survey) | {"token": f"{token_on(page)[:20]}{n:012d}"})
        statuses.append(sent.status_code)
    assert statuses[:60] == [302] * 60  # a class of 30, twice over, passes
    assert set(statuses[60:]) == {429}
    html = sent.get_data(as_text=True)
    assert "Lots of answers are arriving from this network" in html
    assert html.count("checked") == len(survey.questions)  # every answer kept
    assert _count(db) == 60


def test_a_survey_whose_results_are_out_says_so_and_keeps_its_closing_date(app, db, world):
    people, survey, school, _spare = world
    earlier, later = open_survey(db, year=2024, opened=False), open_survey(db, year=2027)
    db.commit()
    pupil = WebClient(app)
    page = pupil.get(f"/survey/{school.code}").get_data(as_text=True)
    pupil.post(f"/survey/{school.code}", all_yes(survey) | {"token": token_on(page)})
    client = _client(app, people[Role.ORGANISER])
    base = f"/manage/surveys/{survey.id}"
    client.post(base, {"action": "close"})
    page = client.get(base).get_data(as_text=True)
    assert "Its results are out, so it stays closed" in page and "Open the survey again" not in page
    schools = client.get(f"{base}/schools").get_data(as_text=True)
    assert "its results are out" in schools and "Open it from" not in schools
    settings = client.get(f"{base}/settings").get_data(as_text=True)
    assert f'value="{earlier.id}"' in settings and f'value="{later.id}"' not in settings
    moved = {"title": "Cybersafety", "age_group": "9–11", "year_start": "2026"}
    moved |= {"closes_on": ["1", "1", "2099"]}
    refused = client.post(f"{base}/settings", moved).get_data(as_text=True)
    assert "There is a problem" in refused and "The closing date cannot change" in refused
    reopened = client.post(base, {"action": "open"}, follow_redirects=True)
    assert "start a new survey as a copy" in reopened.get_data(as_text=True)
