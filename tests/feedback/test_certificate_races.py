"""Two first downloads of one certificate at once on PostgreSQL give one certificate, one code
and one audit entry (the unique booking key decides)."""

import threading

import pytest
from sqlalchemy import func, select

from booking.audit.models import AuditEntry
from booking.bookings.models import Booking
from booking.db import make_sessions
from booking.feedback.certificates import issue_certificate
from booking.feedback.models import Certificate
from tests.factories import NOW, Factory
from tests.feedback.certificate_helpers import attended, past_event
from tests.locks import empty, until_a_transaction_waits_on_a_lock


@pytest.fixture
def writer(postgres_engine):
    yield make_sessions(postgres_engine).writer
    empty(postgres_engine)


def test_two_first_downloads_at_once_issue_one_certificate(writer):
    with writer() as session:
        make = Factory(session)
        booking = attended(make, past_event(make))
        session.commit()
        booking_id, person_id = booking.id, booking.person_id
    codes = {}

    def issue(session, who: str) -> None:
        booking = session.get(Booking, booking_id)
        codes[who] = issue_certificate(session, booking, by_id=person_id, now=NOW).code

    def second() -> None:
        with writer() as session:
            issue(session, "second")
            session.commit()

    with writer() as session:
        issue(session, "first")
        racer = threading.Thread(target=second)
        racer.start()
        until_a_transaction_waits_on_a_lock(session.get_bind())
        session.commit()
    racer.join(timeout=30)

    assert codes["first"] == codes["second"]
    with writer() as session:
        assert session.scalar(select(func.count()).select_from(Certificate)) == 1
        issued = select(func.count()).where(AuditEntry.action == "feedback.certificate_issued")
        assert session.scalar(issued.select_from(AuditEntry)) == 1
