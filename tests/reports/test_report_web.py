"""The reports on the web: who may read each route (anonymous, professional, trainer of the
event, another trainer, organiser), what the pages show, their files audited, and no input that
makes a server error."""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from booking.accounts.models import SchoolPhase, Sector
from booking.events.models import EventStatus
from booking.models import AuditEntry, Role
from booking.reports.periods import SHORTCUTS
from tests.reports.people import People, last_years_conference_day
from tests.web_client import WebClient

ROLES = ["anonymous", "professional", "trainer", "other trainer", "organiser"]


@pytest.fixture
def world(given, db):
    people = People(db)
    day = given.event(starts_in=timedelta(days=-2), capacity=100, title="Risky Behaviours day")
    last_years_conference_day(people, day)
    people.organisation("Unreached Primary", phase=SchoolPhase.PRIMARY, district="Wold")
    trainer, other_trainer = given.user(role=Role.TRAINER), given.user(role=Role.TRAINER)
    day.trainers.append(trainer)
    elsewhere = given.event()
    elsewhere.trainers.append(other_trainer)
    draft = given.event(status=EventStatus.DRAFT)
    organiser, professional = given.user(role=Role.ORGANISER), given.user()
    db.commit()
    return {
        "day": day,
        "draft": draft,
        "trainer": trainer,
        "other trainer": other_trainer,
        "organiser": organiser,
        "professional": professional,
    }


def _client(app, world, role) -> WebClient:
    client = WebClient(app)
    if role != "anonymous":
        client.sign_in(world[role].email)
    return client


def _event_routes(world):
    day = world["day"].id
    return [f"/manage/events/{day}/report{end}" for end in ("", ".pdf", ".xlsx")]


REACH_ROUTES = ["/manage/reports", "/manage/reports.pdf", "/manage/reports.xlsx"]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_each_route(app, world, role):
    client = _client(app, world, role)
    for url in _event_routes(world) + REACH_ROUTES:
        response = client.get(url)
        allowed = role == "organiser" or (role == "trainer" and "/events/" in url)
        if role == "anonymous":
            assert response.status_code == 302 and "/sign-in" in response.location, url
        elif allowed:
            assert response.status_code == 200, (url, role, response.status_code)
        else:
            assert response.status_code == 403, (url, role, response.status_code)


def test_drafts_and_unknown_events_have_no_report(app, world):
    client = _client(app, world, "organiser")
    for event_id in (world["draft"].id, world["draft"].id + 1000):
        assert client.get(f"/manage/events/{event_id}/report").status_code == 404


def test_the_event_report_reads_as_the_board_report(app, world):
    client = _client(app, world, "organiser")
    page = client.get(f"/manage/events/{world['day'].id}/report").get_data(as_text=True)
    assert (
        "78 delegates attended (92 booked, 19 no-shows, 5 walk-ins). 35 schools were "
        "represented, 2 post-16 establishments, and professionals from children&#39;s social "
        "care, early help, CAMHS, public health and elected members."
    ) in page
    assert page.count("<h1") == 1 and '<svg class="app-chart"' in page
    assert "School or academy" in page and "School 0" in page


def test_the_reports_page_shows_schools_reached_and_not(app, world):
    client = _client(app, world, "organiser")
    page = client.get("/manage/reports?period=academic").get_data(as_text=True)
    assert "35 of 37 schools in the register (95%) sent someone" in page
    assert "Unreached Primary" in page and "Wold" in page
    assert page.count("<h1") == 1 and page.count('<svg class="app-chart"') == 2
    assert 'href="/manage/reports.pdf?period=academic"' in page


def test_a_date_range_and_filters_choose_the_events(app, world):
    client = _client(app, world, "organiser")
    day = world["day"].starts_at.date()
    query = {
        "from_day": [str(day.day), str(day.month), str(day.year)],
        "to_day": [str(day.day), str(day.month), str(day.year)],
        "sector": Sector.CAMHS.value,
    }
    page = client.get("/manage/reports", query_string=query).get_data(as_text=True)
    assert "govuk-error-summary" not in page
    assert "people from camhs" in page.lower()


def test_choices_that_cannot_be_read_are_explained_keeping_what_was_typed(app, world):
    client = _client(app, world, "organiser")
    query = {"from_day": ["31", "2", "2026"], "to_day": ["1", "1", "2026"]}
    page = client.get("/manage/reports", query_string=query).get_data(as_text=True)
    assert "govuk-error-summary" in page and "From must be a real date" in page
    assert 'value="31"' in page
    query = {"from_day": ["2", "2", "2026"], "to_day": ["1", "1", "2026"]}
    page = client.get("/manage/reports", query_string=query).get_data(as_text=True)
    assert "To must be the same as or after From" in page
    response = client.get("/manage/reports.xlsx", query_string=query)
    assert response.status_code == 302 and "/manage/reports?" in response.location


def test_files_are_audited_and_named_without_anyone(app, world, db):
    client = _client(app, world, "trainer")
    response = client.get(f"/manage/events/{world['day'].id}/report.pdf")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="attendance-{world["day"].id}.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    _client(app, world, "organiser").get("/manage/reports.xlsx?period=financial")
    db.rollback()
    entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "report.exported")).all()
    assert [(e.subject_type, e.subject_id, e.details["file"]) for e in entries] == [
        ("event", world["day"].id, f"attendance-{world['day'].id}.pdf"),
        ("report", None, "reach.xlsx"),
    ]


def test_organisers_find_reports_in_the_menu_and_on_each_event(app, world):
    client = _client(app, world, "organiser")
    page = client.get("/manage/events").get_data(as_text=True)
    assert 'href="/manage/reports"' in page
    assert f'href="/manage/events/{world["day"].id}/report"' in page
    other = _client(app, world, "trainer")
    assert 'href="/manage/reports"' not in other.get("/events").get_data(as_text=True)


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
anything = st.text(max_size=40) | st.sampled_from(
    ["", " ", "0", "-1", "99999999999", "\x00", "😀", "2026", "31", "school", *SHORTCUTS]
)
NAMES = ["period", "from_day", "to_day", "programme", "kind", "sector", "other"]


@FUZZ
@given(params=st.lists(st.tuples(st.sampled_from(NAMES), anything), max_size=8))
def test_no_choice_makes_the_reports_fail(app, world, params):
    client = _client(app, world, "organiser")
    for url in REACH_ROUTES:
        assert client.get(url, query_string=params).status_code in (200, 302), (url, params)
