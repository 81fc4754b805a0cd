"""Two phones checking in the same person through the door pages at the same moment, on
PostgreSQL: one check-in, two sensible answers, no server error."""

import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text

from booking import create_app
from booking.checkin.models import CheckIn
from booking.db import make_sessions
from tests.checkin.door_helpers import door, post_json, signed_in
from tests.conftest import app_config
from tests.factories import Factory
from tests.locks import empty, until_a_transaction_waits_on_a_lock


@pytest.fixture
def pg_app(postgres_engine):
    yield create_app(app_config(ENGINE=postgres_engine))
    empty(postgres_engine)


@pytest.mark.parametrize("how", ["scan", "name"])
def test_two_phones_check_in_the_same_booking_at_once(pg_app, postgres_engine, how):
    with make_sessions(postgres_engine).writer() as session:
        at = door(Factory(session), session, people=1)
        event_id, booking = at.event.id, at.bookings[0]
        booking_id, token = booking.id, booking.ticket_token
        trainer = SimpleNamespace(email=at.trainer.email)
    phones = [signed_in(pg_app, trainer), signed_in(pg_app, trainer)]
    if how == "scan":
        url, body = f"/door/{event_id}/scans", {"code": token}
    else:
        url, body = f"/door/{event_id}/people/{booking_id}/check-in", {}
    answers = []

    def check_in(phone):
        answers.append(post_json(phone, url, body))

    # Hold the booking's row, so both phones wait on it and go the moment it is let go.
    with postgres_engine.connect() as holder:
        holder.execute(
            text("SELECT id FROM bookings WHERE id = :id FOR UPDATE"), {"id": booking_id}
        )
        threads = [threading.Thread(target=check_in, args=(phone,)) for phone in phones]
        for thread in threads:
            thread.start()
        until_a_transaction_waits_on_a_lock(postgres_engine)
        holder.rollback()
    for thread in threads:
        thread.join(timeout=30)

    assert [answer.status_code for answer in answers] == [200, 200]
    outcomes = sorted(answer.json["outcome"] for answer in answers)
    assert outcomes == ["already_checked_in", "checked_in"]
    with make_sessions(postgres_engine).reader() as session:
        assert len(session.scalars(select(CheckIn)).all()) == 1
