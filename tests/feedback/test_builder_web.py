"""The feedback form builder's pages: every role on every route, CSRF, the error summary
keeping what was typed, answered questions locked on the page, and no 5xx on any input."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from booking.feedback.builder import create_form
from booking.feedback.forms import QuestionForm, ScaleForm, SettingsForm, StartForm
from booking.feedback.models import (
    Answer,
    FeedbackForm,
    FeedbackResponse,
    Question,
    ResponseSource,
    Scale,
)
from booking.models import AuditEntry, Role
from tests.factories import NOW
from tests.web.test_fuzz import anything, field_names
from tests.web_client import WebClient


@pytest.fixture
def world(given, db):
    """An event with a conference form, its trainer, another trainer, a professional and an
    organiser; and a second event with no form yet."""
    people = {role: given.user(role=role) for role in (Role.PROFESSIONAL, Role.ORGANISER)}
    people["trainer"] = given.user(role=Role.TRAINER)
    people["other trainer"] = given.user(role=Role.TRAINER)
    event, bare = given.event(), given.event()
    event.trainers.append(people["trainer"])
    bare.trainers.append(people["trainer"])
    db.flush()
    create_form(db, event_id=event.id, start="conference", actor_id=None, now=NOW)
    db.commit()
    question = db.scalars(select(Question).order_by(Question.position)).first()
    return people, event, bare, question


def routes(event, bare, question):
    """(method, url, data) for every builder route; the POSTs with valid data."""
    base = f"/manage/events/{event.id}/feedback"
    q = f"{base}/questions/{question.id}"
    new = {"text": "Anything else?", "kind": "short_text"}
    return [
        ("GET", base, None),
        ("POST", f"/manage/events/{bare.id}/feedback/start", {"start": "blank"}),
        ("GET", f"{base}/questions/new", None),
        ("POST", f"{base}/questions/new", new),
        ("GET", q, None),
        ("POST", q, {"text": "Reworded", "kind": "yes_no"}),
        ("POST", f"{q}/move-down", {}),
        ("GET", f"{q}/remove", None),
        ("POST", f"{q}/remove", {}),
        ("GET", f"{base}/settings", None),
        ("POST", f"{base}/settings", {"title": "Day one"}),
        ("GET", "/manage/feedback/scales", None),
        ("POST", "/manage/feedback/scales", {"name": "Never to Always", "labels": "Never\nAlways"}),
    ]


def _signed_in(app, user):
    client = WebClient(app)
    if user is not None:
        client.sign_in(user.email)
    return client


def _send(client, method, url, data):
    if method == "GET":
        return client.get(url)
    return client.post(url, data)


@pytest.mark.parametrize("who", [None, Role.PROFESSIONAL, "other trainer", "trainer"])
def test_only_organisers_change_forms_and_the_events_trainer_only_reads(app, world, who):
    people, event, bare, question = world
    client = _signed_in(app, people.get(who))
    for method, url, data in routes(event, bare, question):
        response = _send(client, method, url, data)
        if who is None:
            assert response.status_code == 302, url
            assert "/sign-in" in response.headers["Location"]
        elif who == "trainer" and method == "GET" and url.endswith("/feedback"):
            page = response.get_data(as_text=True)
            assert response.status_code == 200
            assert "My knowledge of digital resilience has improved" in page
            assert "Add a question" not in page and "Change" not in page
        else:
            assert response.status_code == 403, (who, method, url)


def test_the_trainer_reads_that_an_event_has_no_form_yet(app, world):
    people, _event, bare, _question = world
    page = _signed_in(app, people["trainer"]).get(f"/manage/events/{bare.id}/feedback")
    assert "This event has no feedback form yet" in page.get_data(as_text=True)


def test_an_organiser_uses_every_route(app, db, world):
    people, event, bare, question = world
    client = _signed_in(app, people[Role.ORGANISER])
    form_id = question.form_id
    for method, url, data in routes(event, bare, question):
        response = _send(client, method, url, data)
        assert response.status_code == (200 if method == "GET" else 302), (method, url)
    db.rollback()
    texts = db.scalars(select(Question.text).where(Question.form_id == form_id)).all()
    assert "Reworded" not in texts  # changed, then removed
    assert "Anything else?" in texts and len(texts) == 5
    assert (
        db.scalars(select(FeedbackForm.title).where(FeedbackForm.event_id == event.id)).one()
        == "Day one"
    )
    assert db.scalars(select(FeedbackForm).where(FeedbackForm.event_id == bare.id)).one()
    assert db.scalars(select(Scale.labels)).one() == ["Never", "Always"]
    actions = db.scalars(select(AuditEntry.action)).all()
    assert actions.count("feedback.form_created") == 2  # the fixture's and the blank one


@pytest.mark.parametrize("index", [1, 3, 5, 6, 8, 10, 12])
def test_every_post_needs_the_csrf_token(app, db, world, index):
    people, event, bare, question = world
    method, url, data = routes(event, bare, question)[index]
    assert method == "POST"
    client = _signed_in(app, people[Role.ORGANISER])
    assert client.post(url, data, csrf=False).status_code == 400


def test_the_manage_list_links_each_event_to_its_feedback_form(app, world):
    people, event, _bare, _question = world
    page = _signed_in(app, people[Role.ORGANISER]).get("/manage/events").get_data(as_text=True)
    assert f'href="/manage/events/{event.id}/feedback"' in page


def test_a_question_with_mistakes_shows_each_and_keeps_what_was_typed(app, world):
    people, event, _bare, _question = world
    client = _signed_in(app, people[Role.ORGANISER])
    bad = {"text": "", "hint": "h" * 501, "kind": "choice", "options": "Often\noften\n"}
    page = client.post(f"/manage/events/{event.id}/feedback/questions/new", bad)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "There is a problem" in html
    for message in (
        "Enter the question",
        "Hint must be 500 characters or fewer",
        "Each option must be different from the others",
    ):
        assert message in html
    assert "Often\noften" in html and 'value="choice" checked' in html


def test_a_scale_question_uses_a_scale_from_the_library(app, db, world):
    people, event, _bare, _question = world
    client = _signed_in(app, people[Role.ORGANISER])
    url = f"/manage/events/{event.id}/feedback/questions/new"
    page = client.get(url).get_data(as_text=True)
    assert "Strongly disagree to Strongly agree" in page
    html = client.post(url, {"text": "Pace", "kind": "scale"}).get_data(as_text=True)
    assert "Choose a scale from the library" in html
    client.post(
        url, {"text": "Pace", "kind": "scale", "scale": "Poor to Excellent", "required": "y"}
    )
    db.rollback()
    added = db.scalars(select(Question).where(Question.text == "Pace")).one()
    assert (added.options, added.required) == (["Poor", "Fair", "Good", "Excellent"], True)


def test_once_answered_the_page_says_so_and_the_wording_cannot_change(app, db, world):
    people, event, _bare, question = world
    response = FeedbackResponse(
        form_id=question.form_id, source=ResponseSource.PAPER, submitted_at=NOW, updated_at=NOW
    )
    response.answers.append(Answer(question_id=question.id, option_index=3))
    db.add(response)
    db.commit()
    client = _signed_in(app, people[Role.ORGANISER])
    page = client.get(f"/manage/events/{event.id}/feedback").get_data(as_text=True)
    assert "People have answered this form" in page
    assert f"/questions/{question.id}/remove" not in page
    url = f"/manage/events/{event.id}/feedback/questions/{question.id}"
    assert "its wording, kind and options cannot change" in client.get(url).get_data(as_text=True)
    reworded = {"text": "Reworded", "kind": "scale", "scale": question.scale_name}
    html = client.post(url, reworded).get_data(as_text=True)
    assert "People have answered this question, so its wording and options cannot change" in html
    assert client.post(f"{url}/remove", {}).status_code == 302
    db.expire_all()
    assert db.get(Question, question.id).text == "My knowledge of digital resilience has improved"


def test_a_question_of_another_form_is_not_found(app, db, world):
    people, event, bare, _question = world
    create_form(db, event_id=bare.id, start="training_day", actor_id=None, now=NOW)
    db.commit()
    theirs = db.scalars(
        select(Question).join(FeedbackForm).where(FeedbackForm.event_id == bare.id)
    ).first()
    client = _signed_in(app, people[Role.ORGANISER])
    url = f"/manage/events/{event.id}/feedback/questions/{theirs.id}"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/move-up", {}).status_code == 404
    assert client.get("/manage/events/99999/feedback").status_code == 404


def test_settings_with_mistakes_keep_what_was_typed(app, world):
    people, event, _bare, _question = world
    client = _signed_in(app, people[Role.ORGANISER])
    data = {"title": "", "introduction": "Thank you", "closes_on": ["31", "2", "2099"]}
    html = client.post(f"/manage/events/{event.id}/feedback/settings", data).get_data(as_text=True)
    assert "Enter a title" in html and "Closing date must be a real date" in html
    assert "Thank you" in html


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=st.data())
def test_the_builder_answers_any_input_without_a_server_error(app, world, data):
    people, event, bare, question = world
    client = _signed_in(app, people[Role.ORGANISER])
    base = f"/manage/events/{event.id}/feedback"
    forms = {
        f"/manage/events/{bare.id}/feedback/start": StartForm,
        f"{base}/questions/new": QuestionForm,
        f"{base}/questions/{question.id}": QuestionForm,
        f"{base}/settings": SettingsForm,
        "/manage/feedback/scales": ScaleForm,
    }
    url = data.draw(st.sampled_from(sorted(forms)))
    form = {
        name: data.draw(anything | st.lists(anything, max_size=4))
        for name in field_names(forms[url])
    }
    form["csrf_token"] = client.csrf()
    response = client.http.post(url, data=form)
    assert response.status_code < 500, response.get_data(as_text=True)[:500]


@FUZZ
@given(event_id=st.integers(-5, 10**12), question_id=st.integers(-5, 10**12), tail=anything)
def test_any_ids_in_the_addresses_answer_without_a_server_error(
    app, world, event_id, question_id, tail
):
    people, _event, _bare, _question = world
    client = _signed_in(app, people[Role.ORGANISER])
    for url in (
        f"/manage/events/{event_id}/feedback",
        f"/manage/events/{event_id}/feedback/questions/{question_id}",
        f"/manage/events/{event_id}/feedback/questions/{question_id}/remove",
        f"/manage/events/{event_id}/feedback/{tail}",
    ):
        assert client.get(url).status_code < 500, url
    url = f"/manage/events/{event_id}/feedback/questions/{question_id}/move-up"
    assert client.post(url, {}).status_code < 500


def test_an_organiser_copies_another_events_form(app, db, world):
    people, event, bare, _question = world
    client = _signed_in(app, people[Role.ORGANISER])
    page = client.get(f"/manage/events/{bare.id}/feedback").get_data(as_text=True)
    assert f'<option value="{event.id}">{event.title}</option>' in page
    url = f"/manage/events/{bare.id}/feedback/start"
    html = client.post(url, {"start": "copy", "copy_from": "x"}).get_data(as_text=True)
    assert "Choose an event whose form to copy" in html and 'href="#copy_from"' in html
    assert client.post(url, {"start": "copy", "copy_from": str(event.id)}).status_code == 302
    db.rollback()
    copied = db.scalars(select(FeedbackForm).where(FeedbackForm.event_id == bare.id)).one()
    assert copied.title == "Conference feedback" and len(copied.questions) == 5


def test_with_no_form_to_copy_the_page_offers_none(app, db, world):
    people, event, bare, _question = world
    db.delete(db.scalars(select(FeedbackForm).where(FeedbackForm.event_id == event.id)).one())
    db.commit()
    client = _signed_in(app, people[Role.ORGANISER])
    page = client.get(f"/manage/events/{bare.id}/feedback").get_data(as_text=True)
    assert "No other event has a feedback form to copy yet." in page
    assert 'value="copy"' not in page and 'value="blank"' in page
    url = f"/manage/events/{bare.id}/feedback/start"
    html = client.post(url, {"start": "copy"}).get_data(as_text=True)
    assert "Choose an event whose form to copy" in html and 'href="#start"' in html
