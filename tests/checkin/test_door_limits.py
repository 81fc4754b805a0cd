"""The door under strain: any input to its forms, JSON and paths answers without a 5xx, and its
page and offline list cost the same number of statements whatever the event's size."""

import json
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event as sql_event

from tests.checkin.door_helpers import csrf_of, door, signed_in

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=120) | st.sampled_from(["", " ", "\x00", "😀", "/t/" + "A" * 32])
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | text
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
moments = st.sampled_from(
    [
        "2026-12-01T10:00:00Z",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "2026-12-01T10:00:00",
        "now",
    ]
) | st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat())
scan_entries = st.fixed_dictionaries(
    {},
    optional={
        "client_id": text | st.from_regex(r"[A-Za-z0-9_-]{1,70}", fullmatch=True),
        "code": text | json_values,
        "booking_id": st.integers(min_value=-5, max_value=2**40) | json_values,
        "scanned_at": moments | json_values,
    },
)


@pytest.fixture
def at_door(app, given, db):
    at = door(given, db, people=2)
    client = signed_in(app, at.trainer)
    return at, client, csrf_of(client)


def _ok(response):
    assert response.status_code < 500, response.get_data(as_text=True)[:500]


@FUZZ
@given(code=text | st.lists(text, max_size=3), q=text)
def test_the_door_forms_answer_any_input(at_door, code, q):
    at, client, token = at_door
    _ok(client.http.post(f"/door/{at.event.id}/scans", data={"code": code, "csrf_token": token}))
    _ok(client.http.post(f"/door/{at.event.id}/find", data={"q": q, "csrf_token": token}))


@FUZZ
@given(body=json_values | st.dictionaries(st.sampled_from(["code", "client_id"]), json_values))
def test_a_json_scan_answers_any_body(at_door, body):
    at, client, token = at_door
    response = client.http.post(
        f"/door/{at.event.id}/scans",
        data=json.dumps(body),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    _ok(response)
    assert response.is_json


@FUZZ
@given(scans=st.lists(scan_entries | json_values, max_size=6) | json_values)
def test_a_sync_answers_any_batch(at_door, scans):
    at, client, token = at_door
    response = client.http.post(
        f"/door/{at.event.id}/sync",
        data=json.dumps({"scans": scans}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    _ok(response)
    assert response.is_json


@FUZZ
@given(
    segment=st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="/?#"), max_size=30
    )
    | st.integers(min_value=-1, max_value=2**40).map(str)
)
def test_door_paths_answer_any_segment(at_door, segment):
    at, client, token = at_door
    for path in (
        f"/door/{segment}",
        f"/door/{segment}/list.json",
        f"/door/{at.event.id}/people/{segment}/check-in",
        f"/t/{segment}",
    ):
        _ok(client.get(path))
    _ok(client.http.post(f"/t/{segment}/check-in", data={"csrf_token": token}))
    _ok(
        client.http.post(
            f"/door/{at.event.id}/people/{segment}/undo", json={}, headers={"X-CSRFToken": token}
        )
    )


@contextmanager
def counted(engine):
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sql_event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sql_event.remove(engine, "before_cursor_execute", count)


def test_the_door_costs_the_same_statements_for_5_and_50_people(app, given, db):
    small = door(given, db, people=5)
    large = door(given, db, people=50)
    organiser_view = {}
    for at in (small, large):
        client = signed_in(app, at.trainer)
        client.get(f"/door/{at.event.id}")  # the session's first page
        costs = []
        for path in (f"/door/{at.event.id}", f"/door/{at.event.id}/list.json"):
            with counted(app.config["ENGINE"]) as statements:
                assert client.get(path).status_code == 200
            costs.append(len(statements))
        organiser_view[len(at.bookings)] = costs
    assert organiser_view[5] == organiser_view[50], organiser_view
