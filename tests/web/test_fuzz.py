"""No input produces a 5xx: random values for every form field and API parameter."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from booking.accounts.forms import (
    ForgotPasswordForm,
    NewPasswordForm,
    RegisterForm,
    RemindersForm,
    SignInForm,
)
from booking.accounts.tokens import reset_token
from booking.catalogue.forms import EventForm, WorkshopForm
from booking.models import EventKind, Role
from tests.web_client import WebClient

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
anything = st.text(max_size=300) | st.sampled_from(["", " ", "0", "-1", "1e9", "\x00", "😀"])


def field_names(form_class) -> list[str]:
    """Every field a form class declares (so a new field is fuzzed without editing this test)."""
    return [
        name
        for name in dir(form_class)
        if isinstance(getattr(form_class, name, None), UnboundField)
    ]


@pytest.fixture
def world(app, given, db):
    organiser = given.user(role=Role.ORGANISER)
    conference = given.event(kind=EventKind.CONFERENCE, hours=8)
    booking = given.booking(given.event())
    db.commit()
    client = WebClient(app)
    client.sign_in(organiser.email)
    token = client.csrf()
    reset = reset_token(app.config["SECRET_KEY"], organiser)
    forms = {
        "/register": RegisterForm,
        "/sign-in": SignInForm,
        "/forgot-password": ForgotPasswordForm,
        f"/reset-password/{reset}": NewPasswordForm,
        "/account": RemindersForm,
        "/manage/events/new": EventForm,
        f"/manage/events/{conference.id}/edit": EventForm,
        f"/manage/events/{conference.id}/workshops/new": WorkshopForm,
    }
    return client, token, conference, booking, forms


def _ok(response):
    assert response.status_code < 500, response.get_data(as_text=True)[:500]


@FUZZ
@given(data=st.data())
def test_forms_answer_any_input_without_a_server_error(world, data):
    client, token, _conference, _booking, forms = world
    url = data.draw(st.sampled_from(sorted(forms)))
    form = {
        name: data.draw(anything | st.lists(anything, max_size=4))
        for name in field_names(forms[url])
    }
    form["csrf_token"] = token
    _ok(client.http.post(url, data=form))


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["kind", "audience", "programme", "month", "q", "page", "x"]),
        anything,
        max_size=5,
    )
)
def test_catalogue_and_api_parameters_never_break(world, params):
    client = world[0]
    for url in ("/events", "/events.ics", "/api/v1/events"):
        _ok(client.http.get(url, query_string=params))


@FUZZ
@given(segment=st.text(min_size=1, max_size=80).filter(lambda s: "/" not in s))
def test_path_segments_never_break(world, segment):
    client, token = world[0], world[1]
    for url in (
        f"/t/{segment}",
        f"/events/{segment}",
        f"/api/v1/events/{segment}",
        f"/bookings/{segment}/ticket",
        f"/manage/events/{segment}/edit",
        f"/manage/events/{segment}/cancel",
    ):
        _ok(client.http.get(url))
    _ok(client.http.post(f"/events/{segment}/book", data={"csrf_token": token}))
