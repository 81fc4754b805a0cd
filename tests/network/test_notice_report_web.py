"""The messages report on the web: who may use each route (anonymous, professional, a training
lead, trainer, organiser), what the page says, days that cannot be read explained in the error
summary, the files audited, and no query string that makes a server error."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from booking.models import AuditEntry, Role
from booking.network.models import NoticeKind
from booking.network.notice_report import last_months
from booking.outbox.models import MessageStatus
from booking.reports.leads import decide_lead, request_lead
from booking.reports.periods import london_today
from tests.factories import NOW
from tests.network.report_helpers import Notices
from tests.web_client import WebClient

ROLES = ["anonymous", "professional", "lead", "trainer", "organiser"]
ROUTES = ["/manage/notices/report", "/manage/notices/report.xlsx", "/manage/notices/report.pdf"]
AUTUMN = datetime(2025, 10, 6, 9, tzinfo=UTC)
PERIOD = {"start": "2025-09-01", "end": "2026-02-28"}
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(given, db):
    organiser = given.user(role=Role.ORGANISER)
    lead = given.user(name="Dee Lead")
    professional, trainer = given.user(), given.user(role=Role.TRAINER)
    asked = request_lead(db, person_id=lead.id, now=NOW)
    decide_lead(db, lead_id=asked.id, decision="approve", by_id=organiser.id, now=NOW)
    notices = Notices(db)
    notices.sent(
        AUTUMN,
        title="<script>alert(1)</script> Live streaming",
        kind=NoticeKind.ALERT,
        people=214,
        schools=61,
        shared_addresses=2,
        emails={MessageStatus.SENT: 211, MessageStatus.FAILED: 2, MessageStatus.SKIPPED: 1},
    )
    notices.sent(AUTUMN + timedelta(days=14), title="Half-term reading", people=100, schools=20)
    notices.sent(NOW - timedelta(days=3), title="This week's craze", people=7, schools=1)
    db.commit()
    return {
        "organiser": organiser,
        "lead": lead,
        "professional": professional,
        "trainer": trainer,
    }


def _client(app, world, role: str) -> WebClient:
    client = WebClient(app)
    if role != "anonymous":
        client.sign_in(world[role].email)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_who_may_use_each_route(app, world, role):
    client = _client(app, world, role)
    for url in ROUTES:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/sign-in" in response.location, url
        elif role == "organiser":
            assert response.status_code == 200, (url, response.status_code)
        else:
            assert response.status_code == 403, (url, role, response.status_code)


def test_the_page_says_the_sentence_and_lists_each_message(app, world):
    page = _client(app, world, "organiser").get("/manage/notices/report", query_string=PERIOD)
    text = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert (
        "2 messages in 6 months, 1 of them an alert; each reached on average 157 professionals "
        "from 41 schools, academies and colleges."
    ) in text
    assert "1 September 2025 to 28 February 2026" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Live streaming" in text
    assert "<script>alert(1)" not in text
    assert "6 October 2025" in text and "Half-term reading" in text
    assert "This week" not in text
    numbers = re.findall(r'govuk-table__cell--numeric">(\d+)<', text)
    assert numbers[5:9] == ["211", "2", "0", "1"]  # delivered, failed, pending, not sent
    assert 'govuk-table__header--numeric">Not sent</th>' in text
    assert text.count("<h1") == 1 and "govuk-inset-text" in text
    assert 'href="/manage/notices/report.pdf?start=2025-09-01&amp;end=2026-02-28"' in text


def test_without_dates_the_page_shows_the_last_six_months(app, world):
    text = _client(app, world, "organiser").get("/manage/notices/report").get_data(as_text=True)
    assert "1 message in 6 months, not an alert; it reached 7 professionals" in text
    assert "This week&#39;s craze" in text and "Half-term reading" not in text
    today = london_today(datetime.now(UTC))
    assert today.isoformat() in text  # the files' links
    starts = last_months(today).starts  # the boxes show the period
    assert f'id="start-day" name="start" type="text" value="{starts.day}"' in text
    assert f'id="end-year" name="end" type="text" value="{today.year}"' in text


def test_the_date_boxes_choose_the_period_and_keep_what_was_typed(app, world):
    query = {"start": ["1", "9", "2025"], "end": ["30", "9", "2025"]}
    client = _client(app, world, "organiser")
    text = client.get("/manage/notices/report", query_string=query).get_data(as_text=True)
    assert "govuk-error-summary" not in text
    assert "No messages were sent between 1 September 2025 and 30 September 2025." in text
    assert 'value="30"' in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": ["31", "2", "2026"], "end": ["1", "3", "2026"]}, "From must be a real date"),
        ({"start": ["2", "2", "2026"], "end": ["1", "2", "2026"]}, "To must be the same as or"),
        ({"start": ["1", "2", "2026"]}, "Enter the to date"),
        ({"end": "2026-02-01"}, "Enter the from date"),
        ({"start": "2026-13-01", "end": "2026-12-01"}, "From must be a real date"),
        ({"start": ["1", "1", "1999"], "end": ["1", "1", "2000"]}, "From must be a year between"),
    ],
)
def test_days_that_cannot_be_read_are_explained(app, world, query, message):
    client = _client(app, world, "organiser")
    response = client.get("/manage/notices/report", query_string=query)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in text and message in text
    assert "<title>Error:" in text and "govuk-inset-text" not in text
    files = client.get("/manage/notices/report.pdf", query_string=query)
    assert files.status_code == 302 and "/manage/notices/report?" in files.location


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
@pytest.mark.parametrize(
    "query",
    [
        "start=2026-12-01&end=2026-01-01",
        "start=2026-02-30&end=2026-03-01",
        "start=yesterday&end=today",
        "start=2026-12-01",
    ],
)
def test_a_file_of_a_period_that_cannot_be_read_leads_back_to_the_page(app, world, db, fmt, query):
    """As the report across events does: no file, and the page explains the days."""
    client = _client(app, world, "organiser")
    response = client.get(f"/manage/notices/report.{fmt}?{query}")
    assert response.status_code == 302 and "Content-Disposition" not in response.headers
    assert response.location == f"/manage/notices/report?{query}"
    page = client.get(response.location)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "govuk-error-summary" in text
    assert "govuk-inset-text" not in text and f"report.{fmt}?" not in text
    db.rollback()
    assert not db.scalars(select(AuditEntry).where(AuditEntry.action == "report.exported")).all()


def test_a_period_ending_before_it_starts_is_explained(app, world):
    client = _client(app, world, "organiser")
    page = client.get("/manage/notices/report.pdf?start=2026-12-01&end=2026-01-01")
    text = client.get(page.location).get_data(as_text=True)
    assert '<a href="#end-day">To must be the same as or after From</a>' in text


def test_the_files_are_downloads_and_audited(app, world, db):
    client = _client(app, world, "organiser")
    for fmt, mimetype in (("xlsx", "spreadsheetml"), ("pdf", "application/pdf")):
        response = client.get(f"/manage/notices/report.{fmt}", query_string=PERIOD)
        assert response.status_code == 200 and mimetype in response.mimetype
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="messages-2025-09-01-to-2026-02-28.{fmt}"'
        )
        assert response.headers["Cache-Control"] == "no-store"
    db.rollback()
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    exported = [e for e in entries if e.action == "report.exported"]
    assert [e.details["file"] for e in exported] == [
        "messages-2025-09-01-to-2026-02-28.xlsx",
        "messages-2025-09-01-to-2026-02-28.pdf",
    ]
    assert {(e.actor_id, e.subject_type) for e in exported} == {(world["organiser"].id, "report")}


def test_an_unknown_kind_of_file_is_not_found(app, world):
    client = _client(app, world, "organiser")
    for fmt in ("csv", "exe", "pdf.pdf"):
        assert client.get(f"/manage/notices/report.{fmt}").status_code == 404


@pytest.fixture
def organiser(app, world) -> WebClient:
    return _client(app, world, "organiser")


anything = st.text(max_size=40) | st.sampled_from(
    ["", " ", "0", "-1", "2026-02-30", "2026-1-1", "99999-01-01", "\x00", "😀", "1e9"]
)


@FUZZ
@given(
    start=st.lists(anything, max_size=4),
    end=st.lists(anything, max_size=4),
    fmt=st.sampled_from(["", ".xlsx", ".pdf"]),
)
def test_no_query_string_makes_a_server_error(organiser, start, end, fmt):
    response = organiser.get(
        f"/manage/notices/report{fmt}", query_string={"start": start, "end": end}
    )
    assert response.status_code in (200, 302), response.status_code
    if fmt and response.status_code == 200:  # a file, never a page in its place
        assert response.headers["Content-Disposition"].startswith("attachment;")
    elif fmt:
        assert response.location.startswith("/manage/notices/report?")
    else:
        assert response.status_code == 200 and response.mimetype == "text/html"
