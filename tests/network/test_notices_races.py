"""Two sends of one notice at once on PostgreSQL (a double click, two processes): the
conditional status change lets one through; the other is told it has gone; one batch."""

import threading

import pytest
from sqlalchemy import func, select

from booking.audit.models import AuditEntry
from booking.db import make_sessions
from booking.network.notices import AlreadySent, send_notice
from booking.outbox.models import OutboxMessage
from tests.factories import NOW, Factory
from tests.locks import empty, until_a_transaction_waits_on_a_lock
from tests.network.notice_helpers import member, network, notice


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
