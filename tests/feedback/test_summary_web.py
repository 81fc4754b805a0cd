"""The summary's pages and files for every role: organisers see and hide; a trainer of the event
reads and downloads, never hides; anyone else is refused. No input gives a 5xx."""

import io
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import given as hypothesis_given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from booking.audit.models import AuditEntry
from booking.feedback.models import Answer, QuestionKind
from booking.models import Role
from tests.feedback.summary_helpers import QUALITY, add_responses, attend, make_form, standard_form
from tests.web_client import WebClient

FILES = ("responses.csv", "responses.xlsx", "summary.xlsx", "summary.pdf")


@pytest.fixture
def world(app, given, db):
    organiser = given.user(role=Role.ORGANISER)
    trainer = given.user(role=Role.TRAINER)
    other_trainer = given.user(role=Role.TRAINER)
    professional = given.user()
    event = given.event(title="E-safety training day", starts_in=timedelta(days=-1))
    event.trainers.append(trainer)
    attend(given, db, event, 3)
    form = standard_form(db, event)
    add_responses(db, form, [{1: 3, 4: "Brilliant <script>"}, {1: 2, 4: "Too long"}])
    db.commit()
    people = {
        "organiser": organiser,
        "trainer": trainer,
        "other trainer": other_trainer,
        "professional": professional,
    }
    return event, form, people


def _client(app, person) -> WebClient:
    client = WebClient(app)
    if person is not None:
        client.sign_in(person.email)
    return client


def _urls(event_id: int) -> list[str]:
    base = f"/manage/events/{event_id}/feedback"
    return [f"{base}/summary", *(f"{base}/{file}" for file in FILES)]


@pytest.mark.parametrize(
    ("who", "status"),
    [("organiser", 200), ("trainer", 200), ("other trainer", 403), ("professional", 403)],
)
def test_who_sees_the_summary_and_its_files(app, world, who, status):
    event, _form, people = world
    client = _client(app, people[who])
    for url in _urls(event.id):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.headers["Cache-Control"] == "no-store"


def test_signed_out_people_are_sent_to_sign_in(app, world):
    event, _form, _people = world
    for url in _urls(event.id):
        response = _client(app, None).get(url)
        assert response.status_code == 302 and "/sign-in" in response.location


def test_the_page_shows_the_figures_chart_table_and_copy_text(app, world):
    event, _form, people = world
    page = _client(app, people["organiser"]).get(f"/manage/events/{event.id}/feedback/summary")
    html = page.get_data(as_text=True)
    assert "2 of 3 delegates responded, 67%" in html
    assert 'role="img"' in html and "Answers to question 1" in html
    assert "Overall satisfaction: 50% Excellent / 50% Good" in html
    assert "Brilliant &lt;script&gt;" in html and "<script>" not in html.split("Brilliant")[1][:20]
    assert "Hide from exports" in html
    assert people["organiser"].name not in html.split("<main")[1]


def test_a_trainer_reads_but_cannot_hide(app, world, db):
    event, _form, people = world
    client = _client(app, people["trainer"])
    page = client.get(f"/manage/events/{event.id}/feedback/summary").get_data(as_text=True)
    assert "Hide from exports" not in page
    answer = db.scalar(select(Answer).where(Answer.text == "Too long"))
    url = f"/manage/events/{event.id}/feedback/answers/{answer.id}/hide"
    assert client.post(url).status_code == 403
    db.rollback()
    assert db.get(Answer, answer.id).hidden_at is None


def test_an_organiser_hides_an_answer_from_exports_and_shows_it_again(app, world, db):
    event, _form, people = world
    client = _client(app, people["organiser"])
    answer = db.scalar(select(Answer).where(Answer.text == "Too long"))
    url = f"/manage/events/{event.id}/feedback/answers/{answer.id}"
    response = client.post(f"{url}/hide", {"words": "too"})
    assert response.status_code == 302
    assert response.location.endswith(f"summary?words=too#answer-{answer.id}")
    csv_text = client.get(f"/manage/events/{event.id}/feedback/responses.csv").get_data(True)
    assert "Too long" not in csv_text and "Brilliant" in csv_text
    db.rollback()
    assert db.get(Answer, answer.id).hidden_at is not None
    client.post(f"{url}/show")
    db.rollback()
    assert db.get(Answer, answer.id).hidden_at is None
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["feedback.answer_hidden", "feedback.exported", "feedback.answer_shown"]


def test_a_trainer_never_sees_an_answer_an_organiser_hid(app, world, db):
    event, _form, people = world
    organiser, trainer = _client(app, people["organiser"]), _client(app, people["trainer"])
    answer = db.scalar(select(Answer).where(Answer.text == "Too long"))
    organiser.post(f"/manage/events/{event.id}/feedback/answers/{answer.id}/hide")
    url = f"/manage/events/{event.id}/feedback/summary"
    for words in ("", "?words=too"):
        seen = trainer.get(url + words).get_data(as_text=True)
        assert "Too long" not in seen
    assert "Brilliant" in trainer.get(url).get_data(as_text=True)
    shown = organiser.get(url).get_data(as_text=True)
    assert "Too long" in shown and "Brilliant" in shown


def test_hiding_needs_the_csrf_token(app, world, db):
    event, _form, people = world
    client = _client(app, people["organiser"])
    answer = db.scalar(select(Answer).where(Answer.text == "Too long"))
    url = f"/manage/events/{event.id}/feedback/answers/{answer.id}/hide"
    client.post(url, {"csrf_token": "forged"})
    db.rollback()
    assert db.get(Answer, answer.id).hidden_at is None


def test_an_answer_of_another_events_form_is_not_found(app, world, given, db):
    event, _form, people = world
    other = standard_form(db, given.event())
    add_responses(db, other, [{4: "Elsewhere"}])
    db.commit()
    answer = db.scalar(select(Answer).where(Answer.text == "Elsewhere"))
    url = f"/manage/events/{event.id}/feedback/answers/{answer.id}/hide"
    assert _client(app, people["organiser"]).post(url).status_code == 404


def test_downloads_are_audited_and_named_after_the_event(app, world, db):
    event, _form, people = world
    client = _client(app, people["trainer"])
    response = client.get(f"/manage/events/{event.id}/feedback/summary.xlsx")
    assert f'filename="feedback-summary-{event.id}.xlsx"' in response.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.data)).active["A1"].value == event.title
    db.rollback()
    entry = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor_id, entry.subject_id) == (
        "feedback.exported",
        people["trainer"].id,
        event.id,
    )
    assert entry.details == {"file": "summary.xlsx"}


def test_an_event_without_a_form_says_so_and_has_no_files(app, world, given, db):
    _event, _form, people = world
    bare = given.event()
    db.commit()
    client = _client(app, people["organiser"])
    page = client.get(f"/manage/events/{bare.id}/feedback/summary")
    assert page.status_code == 200 and "no feedback form" in page.get_data(as_text=True)
    assert client.get(f"/manage/events/{bare.id}/feedback/summary.pdf").status_code == 404
    assert client.get("/manage/events/999999/feedback/summary").status_code == 404


def test_the_manage_events_list_links_to_the_summary(app, world):
    event, _form, people = world
    page = _client(app, people["organiser"]).get("/manage/events").get_data(as_text=True)
    assert f"/manage/events/{event.id}/feedback/summary" in page


@pytest.mark.parametrize(
    ("who", "status"), [("organiser", 200), ("trainer", 403), ("professional", 403)]
)
def test_only_organisers_compare_across_events(app, world, who, status):
    _event, _form, people = world
    client = _client(app, people[who])
    assert client.get("/manage/feedback/compare").status_code == status
    query = "?question=Overall+satisfaction&programme=&year=2026"
    assert client.get(f"/manage/feedback/compare.xlsx{query}").status_code == status


def test_comparing_shows_a_table_and_chart_and_downloads_them(app, world, given, db):
    event, _form, people = world
    other = given.event(programme="E-safety", starts_in=timedelta(days=-8), title="Older day")
    event.programme = "E-safety"
    form = make_form(db, other, [(QuestionKind.SCALE, "Overall satisfaction", QUALITY)])
    add_responses(db, form, [{1: 3}])
    db.commit()
    client = _client(app, people["organiser"])
    query = "question=Overall+satisfaction&programme=E-safety&year="
    html = client.get(f"/manage/feedback/compare?{query}").get_data(as_text=True)
    assert "Percentages by event" in html and 'role="img"' in html
    assert html.index(other.title) < html.index(event.title)
    sheet = load_workbook(io.BytesIO(client.get(f"/manage/feedback/compare.xlsx?{query}").data))
    assert sheet.active.max_row == 4


def test_comparing_without_a_programme_or_year_asks_for_one(app, world):
    _event, _form, people = world
    client = _client(app, people["organiser"])
    page = client.get("/manage/feedback/compare?question=Overall+satisfaction&programme=&year=")
    html = page.get_data(as_text=True)
    assert "There is a problem" in html and "Select a programme, an academic year or both" in html


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
anything = st.text(max_size=200) | st.sampled_from(["", "%", "_", "\x00", "2026", "-1", "😀"])


@FUZZ
@hypothesis_given(
    words=anything,
    fields=st.dictionaries(st.sampled_from(["question", "programme", "year", "submit"]), anything),
)
def test_no_search_or_comparison_gives_a_server_error(app, world, words, fields):
    event, _form, people = world
    client = _client(app, people["organiser"])
    summary = client.get(
        f"/manage/events/{event.id}/feedback/summary", query_string={"words": words}
    )
    assert summary.status_code == 200
    for path in ("/manage/feedback/compare", "/manage/feedback/compare.xlsx"):
        assert client.get(path, query_string=fields).status_code == 200
