"""The audit log viewer: organisers only, filtered, paged, never cached, and no input makes
it fail."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booking.audit.actions import ACTIONS
from booking.audit.services import record
from booking.models import Role
from booking.privacy.audit_log import ENTRIES_PER_PAGE
from tests.web_client import WebClient

# 9:12am in London on 1 December 2026 (GMT), and 10:05am on 1 July 2026 (BST).
WINTER = datetime(2026, 12, 1, 9, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 9, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), (Role.PROFESSIONAL, 403), (Role.TRAINER, 403), (Role.ORGANISER, 200)],
)
def test_only_organisers_read_the_audit_log(client, given, db, role, status):
    if role:
        viewer = given.user(role=role)
        db.commit()
        client.sign_in(viewer.email)
    response = client.get("/admin/audit")
    assert response.status_code == status
    if role is None:
        assert "/sign-in" in response.headers["Location"]


@pytest.fixture
def organiser(client, given, db):
    user = given.user(role=Role.ORGANISER, name="Olive Organiser", email="olive@council.example")
    db.commit()
    client.sign_in(user.email)
    return user


def audit(db, action, subject_type, subject_id, *, actor=None, at=WINTER, **details):
    record(
        db,
        actor_id=actor.id if actor else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        now=at,
        **details,
    )


def rows(client, query: str = "") -> list[str]:
    """The table's rows, as text with the markup taken out."""
    import re

    page = client.get(f"/admin/audit{query}").get_data(as_text=True)
    body = page.split('<tbody class="govuk-table__body">', 1)[-1].split("</tbody>", 1)[0]
    found = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in found]


def test_entries_read_as_people_write_them_newest_first(client, given, db, organiser):
    person = given.user(name="Pat Professional")
    event = given.event(title="Governor training")
    booking = given.booking(event, person=person)
    closed = given.user(name="Gone")
    closed.closed_at = WINTER
    audit(db, "account.create", "user", organiser.id, at=SUMMER, role="organiser")
    audit(db, "checkin.check_in", "booking", booking.id, actor=organiser, via="name")
    audit(db, "checkin.check_in", "booking", booking.id, actor=closed, offline=True)
    audit(db, "export.download", "event", event.id, actor=organiser, file="register.csv")
    db.commit()
    shown = rows(client)
    assert shown[0].startswith("1 December 2026, 9:12am Olive Organiser File downloaded")
    assert "Governor training File: register.csv" in shown[0]
    assert shown[1] == (
        f"1 December 2026, 9:12am Closed account Checked in Booking {booking.id} on "
        "Governor training Sent later by a phone with no signal"
    )
    assert "Found by name" in shown[2]
    assert shown[3] == f"1 July 2026, 10:05am Command line Account created Account {organiser.id}"
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Pat Professional" not in page  # the person booked is not named
    assert f'href="/manage/events/{event.id}/edit"' in page


def test_the_filters_filter(client, given, db, organiser):
    other = given.user(role=Role.ORGANISER, name="Sam Second", email="sam@council.example")
    governors, esafety = given.event(title="Governor training"), given.event(title="E-safety")
    booking = given.booking(esafety)
    audit(db, "event.publish", "event", governors.id, actor=organiser, at=SUMMER)
    audit(db, "event.publish", "event", esafety.id, actor=other)
    audit(db, "checkin.undo", "booking", booking.id, actor=other)
    audit(db, "export.download", "organisation", None, actor=organiser, event_id=esafety.id)
    db.commit()
    assert len(rows(client)) == 4
    assert len(rows(client, "?action=event.publish")) == 2
    assert len(rows(client, f"?who={other.id}")) == 2
    assert len(rows(client, f"?who={organiser.id}")) == 2
    assert len(rows(client, "?event=governor")) == 1
    assert len(rows(client, f"?event={esafety.id}")) == 3  # its own, its booking's, details
    assert len(rows(client, f"?event=e-safety&who={organiser.id}")) == 1
    summer = "?from_day=1&from_day=7&from_day=2026&to_day=1&to_day=7&to_day=2026"
    assert len(rows(client, summer)) == 1
    assert len(rows(client, "?from_day=1&from_day=12&from_day=2026")) == 3
    assert len(rows(client, "?to_day=30&to_day=11&to_day=2026")) == 1
    assert rows(client, "?action=checkin.walk_in") == []
    assert "No entries match these filters." in client.get("/admin/audit?action=event.edit").text
    page = client.get("/admin/audit").text
    assert f'<option value="{other.id}">Sam Second (Organiser)</option>' in page


def test_a_day_is_a_london_day(client, given, db, organiser):
    # 11:30pm UTC on 30 June is 12:30am on 1 July in London.
    audit(db, "account.create", "user", organiser.id, at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    db.commit()
    july = "?from_day=1&from_day=7&from_day=2026&to_day=1&to_day=7&to_day=2026"
    assert len(rows(client, july)) == 1
    june = "?from_day=30&from_day=6&from_day=2026&to_day=30&to_day=6&to_day=2026"
    assert rows(client, june) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from_day=31&from_day=2&from_day=2026", "From must be a real date"),
        ("?to_day=x&to_day=1&to_day=2026", "To must be a real date"),
        ("?from_day=1&from_day=1&from_day=1066", "From must be a year between 2000 and 2100"),
        (
            "?from_day=2&from_day=1&from_day=2026&to_day=1&to_day=1&to_day=2026",
            "To must be the same as or after From",
        ),
        ("?action=account.nonsense", "Not a valid choice"),
    ],
)
def test_a_filter_that_cannot_be_read_is_explained(client, organiser, query, message):
    response = client.get(f"/admin/audit{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert "<title>Error: Audit log" in page
    assert '<tbody class="govuk-table__body">' not in page


def test_entries_come_fifty_to_a_page(client, db, organiser):
    for minute in range(ENTRIES_PER_PAGE + 1):
        audit(db, "account.create", "user", minute + 1, at=WINTER + timedelta(minutes=minute))
    db.commit()
    first = client.get("/admin/audit?action=account.create").get_data(as_text=True)
    assert len(rows(client, "?action=account.create")) == ENTRIES_PER_PAGE
    assert "Previous" not in first
    assert 'href="/admin/audit?action=account.create&amp;page=2"' in first
    second = rows(client, "?action=account.create&page=2")
    assert second == ["1 December 2026, 9:12am Command line Account created Account 1"]
    page_two = client.get("/admin/audit?action=account.create&page=2").get_data(as_text=True)
    assert "Previous" in page_two and 'rel="next"' not in page_two


def test_the_log_is_never_cached_and_viewing_it_writes_nothing(client, db, organiser):
    from sqlalchemy import func, select

    from booking.models import AuditEntry

    response = client.get("/admin/audit")
    assert response.headers["Cache-Control"] == "no-store"
    db.rollback()
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_organisers_find_the_log_and_people_in_the_header(client, given, db, organiser):
    page = client.get("/manage/events").get_data(as_text=True)
    assert 'href="/admin/audit"' in page and 'href="/admin/people"' in page
    trainer = given.user(role=Role.TRAINER)
    db.commit()
    other = WebClient(client.app)
    other.sign_in(trainer.email)
    assert 'href="/admin/audit"' not in other.get("/events").get_data(as_text=True)


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
anything = st.text(max_size=60) | st.sampled_from(
    ["", " ", "0", "-1", "99999999999999", "\x00", "😀", "%", "_", "2026", "31", *ACTIONS]
)
NAMES = ["action", "who", "event", "from_day", "to_day", "page", "other"]


@FUZZ
@given(params=st.lists(st.tuples(st.sampled_from(NAMES), anything), max_size=8))
def test_no_filter_makes_the_log_fail(client, organiser, params):
    response = client.get("/admin/audit", query_string=params)
    assert response.status_code == 200, params
