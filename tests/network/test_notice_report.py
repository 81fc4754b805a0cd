"""The messages report's service: the scrutiny panel's sentence (counts, alerts, averages half
up, singular and plural, an empty period), the period's days in Europe/London, the reach each
message kept, its emails' states from the outbox, and the snapshot's JSON."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booking.network.archive import Deliveries
from booking.network.models import NoticeKind, NoticeStatus
from booking.network.notice_report import (
    average,
    last_months,
    notice_report,
    period_length,
    report_sentence,
)
from booking.network.snapshot import ReachSnapshot
from booking.outbox.models import MessageStatus
from booking.reports.periods import Period
from tests.network.report_helpers import Notices
from tests.statements import statements_sent

START, END = date(2025, 9, 1), date(2026, 2, 28)
AUTUMN = datetime(2025, 10, 6, 9, tzinfo=UTC)


@pytest.fixture
def notices(session):
    return Notices(session)


def test_ten_messages_in_six_months_with_their_average_reach(session, notices):
    # 2,135 people over 10 messages is 213.5 a message, 605 schools 60.5: halves go up.
    for number in range(10):
        notices.sent(
            AUTUMN + timedelta(days=7 * number),
            kind=NoticeKind.ALERT if number % 3 == 0 else NoticeKind.INFORMATION,
            people=209 if number == 0 else 214,
            schools=56 if number == 0 else 61,
        )
    report = notice_report(session, start=START, end=END)
    assert report.sentence == (
        "10 messages in 6 months, 4 of them alerts; each reached on average 214 professionals "
        "from 61 schools, academies and colleges."
    )
    assert (len(report.rows), report.alerts) == (10, 4)
    assert [row.sent_at for row in report.rows] == sorted(row.sent_at for row in report.rows)


def test_averages_round_halves_up_never_to_even():
    assert [average(2125, 10), average(605, 10), average(3, 2), average(1, 3)] == [213, 61, 2, 0]
    assert average(0, 0) == 0


@pytest.mark.parametrize(
    ("messages", "alerts", "people", "schools", "words"),
    [
        (
            1,
            1,
            1,
            1,
            "1 message in 6 months, an alert; it reached 1 professional from 1 school, "
            "academy or college.",
        ),
        (
            1,
            0,
            30,
            2,
            "1 message in 6 months, not an alert; it reached 30 professionals from 2 schools, "
            "academies and colleges.",
        ),
        (3, 0, 5, 0, "3 messages in 6 months, none of them alerts; each reached on average"),
        (3, 1, 5, 0, "3 messages in 6 months, 1 of them an alert; each"),
        (3, 3, 5, 0, "3 messages in 6 months, all of them alerts; each"),
        (2, 1, 0, 0, "on average 0 professionals from 0 schools, academies and colleges."),
    ],
)
def test_the_sentence_in_the_singular_and_the_plural(messages, alerts, people, schools, words):
    sentence = report_sentence(
        period=Period(START, END),
        messages=messages,
        alerts=alerts,
        people=people,
        schools=schools,
    )
    assert words in sentence


def test_an_empty_period_says_no_message_was_sent(session, notices):
    notices.sent(datetime(2026, 3, 1, 9, tzinfo=UTC), people=5)
    report = notice_report(session, start=START, end=END)
    assert report.rows == ()
    assert report.sentence == "No messages were sent between 1 September 2025 and 28 February 2026."


@pytest.mark.parametrize(
    ("starts", "ends", "words"),
    [
        (date(2025, 9, 1), date(2026, 2, 28), "6 months"),
        (date(2025, 9, 16), date(2026, 3, 15), "6 months"),
        (date(2026, 3, 1), date(2026, 8, 31), "6 months"),
        (date(2026, 1, 1), date(2026, 1, 31), "1 month"),
        (date(2026, 2, 1), date(2026, 2, 28), "1 month"),
        (date(2026, 1, 1), date(2026, 2, 10), "1 month"),
        (date(2026, 1, 1), date(2026, 2, 20), "2 months"),
        (date(2025, 9, 1), date(2026, 8, 31), "12 months"),
        (date(2026, 1, 1), date(2026, 1, 12), "12 days"),
        (date(2026, 1, 1), date(2026, 1, 1), "1 day"),
    ],
)
def test_months_are_counted_as_people_say_them(starts, ends, words):
    assert period_length(starts, ends) == words


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
def test_the_default_period_is_the_last_six_months_to_today(today):
    period = last_months(today)
    assert period.ends == today and period.starts <= today
    assert period_length(period.starts, period.ends) == "6 months"
    assert 180 <= (period.ends - period.starts).days + 1 <= 185


def test_the_period_is_read_in_london_and_leaves_out_drafts_and_scheduled(session, notices):
    summer_end = date(2026, 8, 31)
    # 22:30 UTC is 23:30 in London on 31 August (in); 23:30 UTC is 1 September there (out).
    inside = notices.sent(datetime(2026, 8, 31, 22, 30, tzinfo=UTC), title="Late in August")
    notices.sent(datetime(2026, 8, 31, 23, 30, tzinfo=UTC), title="September already")
    notices.sent(datetime(2026, 3, 1, 0, 0, tzinfo=UTC), title="First day")
    notices.sent(datetime(2026, 2, 28, 23, 59, tzinfo=UTC), title="Before the period")
    notices.sent(datetime(2026, 5, 1, tzinfo=UTC), status=NoticeStatus.DRAFT, title="Draft")
    notices.sent(datetime(2026, 5, 1, tzinfo=UTC), status=NoticeStatus.SCHEDULED, title="Later")
    report = notice_report(session, start=date(2026, 3, 1), end=summer_end)
    assert [row.title for row in report.rows] == ["First day", "Late in August"]
    assert report.rows[-1].notice_id == inside.id and report.rows[-1].sent_on == summer_end


def test_each_row_has_its_reach_networks_and_emails_states(session, notices):
    notices.sent(
        AUTUMN,
        title="Live streaming apps",
        kind=NoticeKind.ALERT,
        people=212,
        shared_addresses=3,
        schools=61,
        post_16=4,
        others={"health": 7, "police": 5},
        networks=("Digital Resilience and Safeguarding Network", "Designated safeguarding leads"),
        emails={
            MessageStatus.SENT: 5,
            MessageStatus.FAILED: 2,
            MessageStatus.PENDING: 3,
            MessageStatus.SENDING: 1,
            MessageStatus.SKIPPED: 1,
        },
    )
    notices.sent(AUTUMN + timedelta(days=1), title="Nothing delivered yet")
    first, second = notice_report(session, start=START, end=END).rows
    assert first.networks == (
        "Designated safeguarding leads",
        "Digital Resilience and Safeguarding Network",
    )
    assert (first.reach.people, first.reach.shared_addresses) == (212, 3)
    assert (first.reach.schools, first.reach.post_16, first.reach.others) == (61, 4, 12)
    assert first.deliveries == Deliveries(delivered=5, failed=2, pending=4, not_sent=1)
    assert second.deliveries == Deliveries()


def test_the_emails_are_counted_in_one_statement_however_many_messages(session, notices):
    def statements() -> int:
        session.expire_all()
        with statements_sent(session.get_bind()) as sent:
            notice_report(session, start=START, end=END)
        return len(sent)

    notices.sent(AUTUMN, emails={MessageStatus.SENT: 2})
    one = statements()
    for day in range(1, 8):
        notices.sent(AUTUMN + timedelta(days=day), emails={MessageStatus.FAILED: 1})
    assert statements() == one <= 4


def test_a_period_that_ends_before_it_starts_is_a_programming_error(session):
    with pytest.raises(ValueError):
        notice_report(session, start=END, end=START)


def test_the_snapshot_round_trips_and_reads_a_draft_or_nonsense_as_nothing():
    snapshot = ReachSnapshot(
        people=214, shared_addresses=12, organisations={"school": 61, "post_16": 4, "health": 3}
    )
    assert snapshot.to_json() == {
        "people": 214,
        "shared_addresses": 12,
        "organisations": {"school": 61, "post_16": 4, "health": 3},
    }
    assert ReachSnapshot.from_json(snapshot.to_json()) == snapshot
    assert (snapshot.schools, snapshot.post_16, snapshot.others) == (61, 4, 3)
    assert ReachSnapshot.from_json({}) == ReachSnapshot() == ReachSnapshot.from_json(None)
    odd = {"people": "many", "shared_addresses": -2, "organisations": {"school": 2.5, "x": 9}}
    assert ReachSnapshot.from_json(odd) == ReachSnapshot()
    assert ReachSnapshot(organisations={"school": 0}).to_json()["organisations"] == {}
