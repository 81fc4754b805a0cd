"""Races over one notice on PostgreSQL. Two sends at once (a double click, two processes): the
conditional status change lets one through; the other is told it has gone; one batch. A
schedule, unschedule or edit while it is being sent waits for the send and is refused, so a
sent notice is never turned back into a draft or scheduled one (and sent again)."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from booking.audit.models import AuditEntry
from booking.db import make_sessions
from booking.network.models import Notice, NoticeStatus
from booking.network.notices import (
    AlreadySent,
    NoticeFields,
    edit_notice,
    schedule_notice,
    send_notice,
    unschedule_notice,
)
from booking.outbox.models import OutboxMessage
from tests.factories import NOW, Factory
from tests.locks import empty, until_a_transaction_waits_on_a_lock
from tests.network.notice_helpers import member, network, notice

LATER = NOW + timedelta(days=1)


@pytest.fixture
def writer(postgres_engine):
    yield make_sessions(postgres_engine).writer
    empty(postgres_engine)


def test_two_sends_at_once_send_once(writer):
    with writer() as session:
        make = Factory(session)
        net = network(session)
        for n in range(3):
            member(make, net, organisation=f"School {n}")
        notice_id = notice(session, [net]).id
        session.commit()
    outcomes = {}

    def second() -> None:
        with writer() as session:
            try:
                outcomes["second"] = send_notice(session, notice_id=notice_id, by_id=None, now=NOW)
                session.commit()
            except AlreadySent as refusal:
                outcomes["second"] = refusal.code

    with writer() as session:
        outcomes["first"] = send_notice(session, notice_id=notice_id, by_id=None, now=NOW)
        racer = threading.Thread(target=second)
        racer.start()
        until_a_transaction_waits_on_a_lock(session.get_bind())
        session.commit()
    racer.join(timeout=120)
    assert not racer.is_alive()

    assert outcomes == {"first": 3, "second": "already_sent"}
    with writer() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 3
        sent = select(func.count()).where(AuditEntry.action == "notice.sent")
        assert session.scalar(sent.select_from(AuditEntry)) == 1


def _race(writer, change) -> tuple[object, str]:
    """A send holds the notice while ``change`` (schedule, unschedule, edit) asks for it; the
    send commits first. Returns what ``change`` answered and the notice's status after."""
    outcome = {}

    def second() -> None:
        with writer() as session:
            try:
                outcome["change"] = change(session)
                session.commit()
            except AlreadySent as refusal:
                outcome["change"] = refusal.code

    with writer() as session:
        send_notice(session, notice_id=1, by_id=None, now=NOW)
        racer = threading.Thread(target=second)
        racer.start()
        until_a_transaction_waits_on_a_lock(session.get_bind())
        session.commit()
    racer.join(timeout=120)
    assert not racer.is_alive()
    with writer() as session:
        return outcome["change"], session.get(Notice, 1).status


def _sent_notice_waiting(writer, *, scheduled: bool = False) -> None:
    with writer() as session:
        make = Factory(session)
        net = network(session)
        member(make, net)
        found = notice(session, [net])
        assert found.id == 1
        if scheduled:
            schedule_notice(session, notice_id=1, send_at=LATER, by_id=None, now=NOW)
        session.commit()


def test_a_schedule_while_it_is_being_sent_is_refused(writer):
    _sent_notice_waiting(writer)
    outcome = _race(
        writer,
        lambda s: schedule_notice(s, notice_id=1, send_at=LATER, by_id=None, now=NOW).id,
    )
    assert outcome == ("already_sent", NoticeStatus.SENT)


def test_an_unschedule_while_it_is_being_sent_is_refused(writer):
    _sent_notice_waiting(writer, scheduled=True)
    outcome = _race(writer, lambda s: unschedule_notice(s, notice_id=1, by_id=None, now=NOW).id)
    assert outcome == ("already_sent", NoticeStatus.SENT)


def test_an_edit_while_it_is_being_sent_is_refused(writer):
    _sent_notice_waiting(writer)

    def edit(session):
        old = session.get(Notice, 1)  # the form page read it first, in the same request
        fields = NoticeFields(
            title="Changed after it went",
            body=old.body,
            kind=old.kind,
            network_ids=tuple(n.id for n in old.networks),
        )
        return edit_notice(session, notice_id=1, fields=fields, by_id=None, now=LATER).id

    assert _race(writer, edit) == ("already_sent", NoticeStatus.SENT)
    with writer() as session:
        assert session.get(Notice, 1).title == "A new app pupils are talking about"
