"""Two doors at once on PostgreSQL: two trainers checking in the same person, and one phone's
batch sent twice at the same moment, each decided once (the bookings' row locks, and the scan
ids' unique key)."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from booking.checkin import services, sync
from booking.checkin.models import CheckIn, DoorScan, Via
from booking.checkin.results import Outcome
from booking.db import make_sessions
from booking.models import Event
from tests.factories import NOW, Factory
from tests.locks import empty, until_a_transaction_waits_on_a_lock


@pytest.fixture
def writer(postgres_engine):
    yield make_sessions(postgres_engine).writer
    empty(postgres_engine)


@pytest.fixture
def door(writer):
    with writer() as session:
        make = Factory(session)
        event = make.event(starts_in=timedelta(hours=-1))
        bookings = [make.booking(event) for _ in range(3)]
        trainers = [make.user(name=name).id for name in ("Jo Brown", "Sam Reed")]
        session.commit()
        return {
            "event": event.id,
            "bookings": [(b.id, b.ticket_token) for b in bookings],
            "trainers": trainers,
        }


def _race(writer, first, second):
    """Run ``first`` and hold its transaction open until ``second`` waits on its locks."""
    answers = {}

    def in_second():
        with writer() as session:
            answers["second"] = second(session)
            session.commit()

    with writer() as session:
        answers["first"] = first(session)
        racer = threading.Thread(target=in_second)
        racer.start()
        until_a_transaction_waits_on_a_lock(session.get_bind())
        session.commit()
    racer.join(timeout=10)
    return answers


def _count(writer, model) -> int:
    with writer() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_two_trainers_checking_in_one_person_make_one_check_in(writer, door):
    booking_id, token = door["bookings"][0]
    jo, sam = door["trainers"]

    def by(trainer):
        def check(session):
            event = session.get(Event, door["event"])
            return services.scan(session, event=event, code=token, by_id=trainer, now=NOW)

        return check

    answers = _race(writer, by(jo), by(sam))

    assert answers["first"].outcome == Outcome.CHECKED_IN
    assert answers["second"].outcome == Outcome.ALREADY_CHECKED_IN
    assert answers["second"].detail.endswith("by Jo Brown")
    assert _count(writer, CheckIn) == 1


def test_one_batch_sent_twice_at_once_is_received_once(writer, door):
    jo = door["trainers"][0]
    scans = [
        sync.PhoneScan(f"phone-{i}", NOW - timedelta(minutes=i), code=token)
        for i, (_, token) in enumerate(door["bookings"])
    ] + [sync.PhoneScan("phone-bad", NOW, code="nonsense")]

    def send(session):
        event = session.get(Event, door["event"])
        return sync.receive_all(session, event=event, scans=scans, by_id=jo, now=NOW)

    answers = _race(writer, send, send)

    assert [a.outcome for a in answers["first"]] == [Outcome.CHECKED_IN] * 3 + [
        Outcome.NOT_A_TICKET
    ]
    assert [a.outcome for a in answers["second"]][:3] == [Outcome.ALREADY_CHECKED_IN] * 3
    assert _count(writer, CheckIn) == 3
    assert _count(writer, DoorScan) == 4


def test_an_undo_waits_for_a_check_in_of_the_same_person(writer, door):
    booking_id, _ = door["bookings"][1]
    jo, sam = door["trainers"]

    def check(session):
        event = session.get(Event, door["event"])
        return services.check_in(
            session, event=event, booking=booking_id, by_id=jo, now=NOW, via=Via.NAME
        )

    def undo(session):
        event = session.get(Event, door["event"])
        return services.undo(session, event=event, booking=booking_id, by_id=sam, now=NOW)

    answers = _race(writer, check, undo)

    assert answers["second"].outcome == Outcome.UNDONE
    with writer() as session:
        assert services.live_check_in(session, booking_id) is None
