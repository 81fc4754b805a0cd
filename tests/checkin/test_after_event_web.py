"""The walk-in form, the register and the organisers' attendance pages on the web: who may use
each, CSRF, what they show, and no input that makes a server error."""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from booking.accounts import tokens
from booking.models import AuditEntry, Booking, BookingStatus, OutboxMessage, Role, User
from tests.web_client import WebClient

WALK_IN = {
    "name": "Sam Okoro",
    "email": "sam@school.example",
    "organisation": "Ormesby Primary",
    "sector": "school",
}


@pytest.fixture
def people(given, db):
    running = given.event(starts_in=timedelta(hours=-1), title="E-safety day")
    ended = given.event(starts_in=timedelta(hours=-8), hours=6, title="Governors day")
    trainer, other_trainer = given.user(role=Role.TRAINER), given.user(role=Role.TRAINER)
    running.trainers.append(trainer)
    ended.trainers.append(trainer)
    elsewhere = given.event()
    elsewhere.trainers.append(other_trainer)
    booking = given.booking(ended, given.user(name="Asha Patel"))
    organiser, professional = given.user(role=Role.ORGANISER), given.user()
    db.commit()
    return {
        "running": running,
        "ended": ended,
        "booking": booking,
        "trainer": trainer,
        "other trainer": other_trainer,
        "organiser": organiser,
        "professional": professional,
    }


def _routes(people):
    running, ended = people["running"].id, people["ended"].id
    booking, person = people["booking"].id, people["booking"].person_id
    return [
        ("get", f"/door/{running}/walk-in", {}),
        ("post", f"/door/{running}/walk-in", WALK_IN),
        ("get", f"/door/{ended}/register", {}),
        ("post", f"/door/{ended}/register/{booking}", {"attended": "yes"}),
        ("post", f"/door/{ended}/register/close", {}),
        ("get", f"/manage/events/{ended}/attendance", {}),
        ("get", f"/manage/people/{person}/attendance", {}),
    ]


DOOR_ALLOWED = {"trainer", "organiser"}


@pytest.mark.parametrize(
    "role", ["anonymous", "professional", "trainer", "other trainer", "organiser"]
)
def test_who_may_use_each_route(app, people, role):
    client = WebClient(app)
    if role != "anonymous":
        client.sign_in(people[role].email)
    for method, url, data in _routes(people):
        response = client.get(url) if method == "get" else client.post(url, data)
        allowed = role == "organiser" or (role == "trainer" and url.startswith("/door/"))
        if role == "anonymous":
            assert response.status_code == 302 and "/sign-in" in response.location, url
        elif allowed:
            assert response.status_code in (200, 302), (url, response.status_code)
        else:
            assert response.status_code == 403, (url, role, response.status_code)


def test_posts_need_the_csrf_token(app, people):
    client = WebClient(app)
    client.sign_in(people["organiser"].email)
    for method, url, data in _routes(people):
        if method == "post":
            assert client.post(url, data, csrf=False).status_code == 400, url


def test_a_walk_in_answers_with_the_door_and_the_green_result(app, people, db):
    client = WebClient(app)
    client.sign_in(people["trainer"].email)
    running = people["running"].id
    response = client.post(f"/door/{running}/walk-in", WALK_IN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "app-result--success" in page
    assert "Sam Okoro, Ormesby Primary (walk-in)" in page
    with client.http.session_transaction() as kept:  # nothing personal in the cookie
        assert "Sam" not in str(dict(kept)) and "Ormesby" not in str(dict(kept))
    db.rollback()
    (booking,) = db.scalars(select(Booking).where(Booking.event_id == running)).all()
    assert booking.walk_in and booking.person.placeholder


def test_a_walk_in_with_an_accounts_address_is_named_as_typed(app, people, given, db):
    given.user(name="Private Holder", email="holder@example.org")
    db.commit()
    client = WebClient(app)
    client.sign_in(people["trainer"].email)
    typed = WALK_IN | {"email": "holder@example.org"}
    page = client.post(f"/door/{people['running'].id}/walk-in", typed).get_data(as_text=True)
    assert "Sam Okoro, Ormesby Primary (walk-in)" in page
    assert "Private Holder" not in page.split('id="door-result"')[1].split("</div>")[0]


def test_marking_again_is_important_not_an_error(app, people):
    ended, booking = people["ended"].id, people["booking"].id
    client = WebClient(app)
    client.sign_in(people["trainer"].email)
    client.post(f"/door/{ended}/register/{booking}", {"attended": "yes"})
    client.post(f"/door/{ended}/register/{booking}", {"attended": "yes"})
    page = client.get(f"/door/{ended}/register").get_data(as_text=True)
    assert "govuk-error-summary" not in page and "<title>Error" not in page
    assert "Important" in page and "Already checked in" in page


def test_the_walk_in_form_says_what_is_missing(app, people):
    client = WebClient(app)
    client.sign_in(people["trainer"].email)
    response = client.post(f"/door/{people['running'].id}/walk-in", {"email": "not an address"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Enter the person&#39;s full name" in page
    assert "Enter an email address in the correct format" in page
    assert page.count("<h1") == 1


def test_the_register_marks_closes_and_only_organisers_reopen(app, people, db):
    ended, booking = people["ended"].id, people["booking"].id
    trainer = WebClient(app)
    trainer.sign_in(people["trainer"].email)
    page = trainer.get(f"/door/{ended}/register").get_data(as_text=True)
    assert "Asha Patel" in page and "No-show" in page and "Close the register" in page
    trainer.post(f"/door/{ended}/register/{booking}", {"attended": "yes"})
    page = trainer.get(f"/door/{ended}/register").get_data(as_text=True)
    assert "Marked as attended: Asha Patel" in page and "Attended" in page
    trainer.post(f"/door/{ended}/register/close", {})
    page = trainer.get(f"/door/{ended}/register").get_data(as_text=True)
    assert "Closed on " in page and f"by {people['trainer'].name}" in page
    assert "Mark as" not in page and "Reopen the register" not in page
    assert trainer.post(f"/door/{ended}/register/reopen", {}).status_code == 403

    organiser = WebClient(app)
    organiser.sign_in(people["organiser"].email)
    assert "Reopen the register" in organiser.get(f"/door/{ended}/register").get_data(True)
    organiser.post(f"/door/{ended}/register/reopen", {})
    assert "Mark as not attended" in organiser.get(f"/door/{ended}/register").get_data(True)
    db.rollback()
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == [
        "checkin.mark_attended",
        "checkin.close_register",
        "checkin.reopen_register",
    ]


def test_the_register_cannot_close_before_the_end(app, people, db):
    client = WebClient(app)
    client.sign_in(people["trainer"].email)
    running = people["running"].id
    page = client.get(f"/door/{running}/register").get_data(as_text=True)
    assert f"/door/{running}/register/close" not in page
    client.post(f"/door/{running}/register/close", {})
    page = client.get(f"/door/{running}/register").get_data(as_text=True)
    assert "The register can be closed once the event has ended." in page


def test_the_organisers_attendance_pages(app, people, given, db):
    ended = people["ended"]
    late = given.booking(ended, status=BookingStatus.CANCELLED)
    late.cancelled_at = ended.starts_at - timedelta(hours=2)
    db.commit()
    client = WebClient(app)
    client.sign_in(people["organiser"].email)
    events = client.get("/manage/events").get_data(as_text=True)
    assert f"/manage/events/{ended.id}/attendance" in events
    assert f"/manage/events/{people['running'].id}/attendance" in events
    page = client.get(f"/manage/events/{ended.id}/attendance").get_data(as_text=True)
    assert "Late cancellations" in page and "1 (less than 48 hours before the start)" in page
    person = people["booking"].person_id
    assert f"/manage/people/{person}/attendance" in page and "Asha Patel" in page
    history = client.get(f"/manage/people/{person}/attendance").get_data(as_text=True)
    assert "Governors day" in history and history.count("<h1") == 1


def test_the_late_threshold_is_a_setting(engine, people, given, db):
    from booking import create_app
    from tests.conftest import app_config

    ended = people["ended"]
    late = given.booking(ended, status=BookingStatus.CANCELLED)
    late.cancelled_at = ended.starts_at - timedelta(hours=2)
    db.commit()
    client = WebClient(create_app(app_config(ENGINE=engine, LATE_CANCELLATION_HOURS=1)))
    client.sign_in(people["organiser"].email)
    page = client.get(f"/manage/events/{ended.id}/attendance").get_data(as_text=True)
    assert "0 (less than 1 hours before the start)" in page


def test_a_walk_in_claims_their_account_from_the_emailed_link_not_by_registering(app, people, db):
    client = WebClient(app)
    client.sign_in(people["trainer"].email)
    client.post(f"/door/{people['running'].id}/walk-in", WALK_IN)
    newcomer = WebClient(app)
    details = WALK_IN | {"name": "Samuel Okoro", "job_title": "Teacher"}
    password = {"password": "a long new password", "confirm_password": "a long new password"}
    response = newcomer.post("/register", details | password)
    assert response.status_code == 302 and "check-your-email" in response.location
    db.rollback()
    person = db.scalars(select(User).where(User.email == WALK_IN["email"])).one()
    kinds = db.scalars(select(OutboxMessage.kind).where(OutboxMessage.user_id == person.id))
    assert list(kinds) == ["finish_account"]
    assert newcomer.post("/sign-in", {"email": WALK_IN["email"], **password}).status_code == 200

    token = tokens.reset_token(app.config["SECRET_KEY"], person)
    chosen = {"password": "the walk-in's own", "confirm_password": "the walk-in's own"}
    assert newcomer.post(f"/reset-password/{token}", chosen).status_code == 302
    assert "E-safety day" in newcomer.get("/bookings").get_data(as_text=True)


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
anything = st.text(max_size=300) | st.sampled_from(["", " ", "yes", "no", "school", "\x00", "😀"])


@FUZZ
@given(data=st.data())
def test_the_walk_in_and_register_forms_answer_any_input_without_a_server_error(app, people, data):
    client = WebClient(app)
    client.sign_in(people["organiser"].email)
    token = client.csrf()
    url = data.draw(
        st.sampled_from(
            [
                f"/door/{people['running'].id}/walk-in",
                f"/door/{people['ended'].id}/register/{people['booking'].id}",
            ]
        )
    )
    fields = ["name", "email", "organisation", "sector", "attended"]
    form = {name: data.draw(anything | st.lists(anything, max_size=3)) for name in fields}
    form["csrf_token"] = token
    response = client.http.post(url, data=form)
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
