"""The report the scrutiny panel asked for: the messages and alerts sent in a period, in the
sentence its update quotes ("10 messages in 6 months, 4 of them alerts; each reached on average
214 professionals from 61 schools, academies and colleges"), and a row per message with its
reach when it was sent and how its emails fared.

A period is a range of days, both included, in Europe/London (``reports.periods.Period``); by
default the last 6 months to today. Averages are whole numbers, halves rounded up: the one rule
of ``core.formatting.whole_percent``.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only, selectinload

from booking.core.formatting import local, whole_percent
from booking.network.archive import Deliveries
from booking.network.links import notice_batch_key
from booking.network.models import Notice, NoticeKind, NoticeStatus
from booking.network.notices import sectors_words
from booking.network.snapshot import ReachSnapshot
from booking.outbox.queue import batch_counts
from booking.reports.periods import Period, day_words
from booking.reports.sentence import counted

DEFAULT_MONTHS = 6


def months_later(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier, when negative), kept within the month:
    31 August and 6 months is 28 (or 29) February."""
    years, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_months(today: date, months: int = DEFAULT_MONTHS) -> Period:
    """The last ``months`` months up to and including today: 16 September to 15 March."""
    return Period(
        months_later(today, -months) + timedelta(days=1), today, f"The last {months} months"
    )


def period_length(starts: date, ends: date) -> str:
    """How long a period (both days included) is, as people say it: "6 months" for 1 September
    to 28 February or 16 September to 15 March, "1 month", a part month of half or more
    counted as a month; under a month, its days ("12 days", "1 day")."""
    after = ends + timedelta(days=1)
    months = (after.year - starts.year) * 12 + after.month - starts.month
    while months > 0 and months_later(starts, months) > after:
        months -= 1
    whole = months_later(starts, months)
    rest = (after - whole).days
    if months == 0:
        return counted(rest, "day", "days")
    if 2 * rest >= (months_later(starts, months + 1) - whole).days:
        months += 1
    return counted(months, "month", "months")


def average(total: int, count: int) -> int:
    """``total`` shared among ``count`` as a whole number, halves rounded up (0 when count is
    0): the percentage of ``count`` hundreds that ``total`` is, by the one rounding rule."""
    return whole_percent(total, count * 100) or 0


@dataclass(frozen=True)
class NoticeRow:
    """One message sent in the period: its reach when it was sent, and its emails' states
    (``archive.Deliveries``: delivered, failed, pending and not sent add up to them all)."""

    notice_id: int
    sent_at: datetime
    title: str
    kind: NoticeKind
    networks: tuple[str, ...]
    sectors: str  # "Every sector", or those it was limited to (``notices.sectors_words``)
    reach: ReachSnapshot
    deliveries: Deliveries

    @property
    def sent_on(self) -> date:
        """The day it was sent, in Europe/London."""
        return local(self.sent_at).date()

    @property
    def networks_text(self) -> str:
        return ", ".join(self.networks)


@dataclass(frozen=True)
class NoticeReport:
    period: Period
    rows: tuple[NoticeRow, ...]

    @property
    def alerts(self) -> int:
        return sum(row.kind == NoticeKind.ALERT for row in self.rows)

    @property
    def average_people(self) -> int:
        return average(sum(row.reach.people for row in self.rows), len(self.rows))

    @property
    def average_schools(self) -> int:
        return average(sum(row.reach.schools for row in self.rows), len(self.rows))

    @property
    def sentence(self) -> str:
        return report_sentence(
            period=self.period,
            messages=len(self.rows),
            alerts=self.alerts,
            people=self.average_people,
            schools=self.average_schools,
        )


def report_sentence(
    *, period: Period, messages: int, alerts: int, people: int, schools: int
) -> str:
    """ "10 messages in 6 months, 4 of them alerts; each reached on average 214 professionals
    from 61 schools, academies and colleges." — "1 message in 1 month, an alert; it reached
    ...", "none of them alerts", "all of them alerts"; with no message, "No messages were sent
    between 1 September 2025 and 28 February 2026." ``people`` and ``schools`` are the
    averages (or the one message's figures)."""
    if messages == 0:
        return (
            f"No messages were sent between {day_words(period.starts)} "
            f"and {day_words(period.ends)}."
        )
    reached = (
        f"{counted(people, 'professional', 'professionals')} from "
        f"{counted(schools, 'school, academy or college', 'schools, academies and colleges')}"
    )
    length = period_length(period.starts, period.ends)
    if messages == 1:
        kind = "an alert" if alerts else "not an alert"
        return f"1 message in {length}, {kind}; it reached {reached}."
    if alerts == 0:
        kinds = "none of them alerts"
    elif alerts == messages:
        kinds = "all of them alerts"
    else:
        kinds = f"{alerts} of them {'an alert' if alerts == 1 else 'alerts'}"
    return f"{messages} messages in {length}, {kinds}; each reached on average {reached}."


def notice_report(session: Session, *, start: date, end: date) -> NoticeReport:
    """The messages sent from ``start`` to ``end`` (both days included, Europe/London), oldest
    first, each with its networks, the reach it kept when it was sent, and its emails delivered,
    failed, pending (or being sent now) and not sent (the recipient left before its turn) read
    in one statement over the outbox. Drafts and scheduled messages are left out. Raises
    ValueError when ``end`` is before ``start`` (the form says so first)."""
    if end < start:
        raise ValueError("the period ends before it starts")
    period = Period(start, end)
    starts, ends = period.bounds
    notices = session.scalars(
        select(Notice)
        .where(Notice.status == NoticeStatus.SENT, Notice.sent_at >= starts, Notice.sent_at < ends)
        .options(
            load_only(
                Notice.id, Notice.title, Notice.kind, Notice.sent_at, Notice.reach, Notice.sectors
            ),
            selectinload(Notice.networks),
        )
        .order_by(Notice.sent_at, Notice.id)
    ).all()
    counts = batch_counts(session, [notice_batch_key(n.id) for n in notices]) if notices else {}
    return NoticeReport(period, tuple(_row(n, counts[notice_batch_key(n.id)]) for n in notices))


def _row(notice: Notice, states: dict[str, int]) -> NoticeRow:
    return NoticeRow(
        notice_id=notice.id,
        sent_at=notice.sent_at,
        title=notice.title,
        kind=notice.kind,
        networks=tuple(sorted(network.name for network in notice.networks)),
        sectors=sectors_words(notice.sectors),
        reach=ReachSnapshot.from_json(notice.reach),
        deliveries=Deliveries.of(states),
    )
