"""The bench's door measures (``bench.door``): what it seeds, and the requests it sends, through
the app as the bench sends them, quickly and without timing. The door page's statements do not
grow with its list, and a sync's do not grow with its batch."""

import random

import pytest
from sqlalchemy import func, select

from bench import door
from bench.client import Response
from bench.seed import seed_door
from booking.models import Booking, BookingStatus, CheckIn, Event, EventKind, Role
from tests.factories import NOW
from tests.statements import statements_sent
from tests.web_client import WebClient

SIZES = (6, 4, 3)  # the conference's people, a sync's scans, syncs


def _seed(given, db, people: int = 20, sizes=SIZES, trainer=None):
    trainer = trainer or given.user(role=Role.TRAINER)
    person_ids = [given.user().id for _ in range(people)]
    seeded = seed_door(
        db.connection(), trainer.email, person_ids, random.Random(3), NOW, sizes=sizes
    )
    db.commit()
    return trainer, seeded


def _trainer_client(app, trainer) -> tuple[WebClient, str]:
    client = WebClient(app)
    client.sign_in(trainer.email)
    token = client.get("/door/csrf-token").get_json()["csrf_token"]
    return client, token


def _as_bench(response) -> Response:
    """A test client's answer as the bench's client reads it."""
    return Response(response.status_code, dict(response.headers), response.get_data(True), 0.0)


def test_the_seed_has_a_conference_and_a_fresh_batch_of_bookings_per_sync(given, db):
    trainer, seeded = _seed(given, db)
    conference, sync_event = (
        db.get(Event, seeded.conference_id),
        db.get(Event, seeded.sync_event_id),
    )
    assert conference.kind == EventKind.CONFERENCE
    assert conference.trainers == sync_event.trainers == [trainer]
    assert conference.starts_at <= NOW < conference.ends_at
    tickets = [token for batch in seeded.sync_batches for token in batch]
    assert [len(batch) for batch in seeded.sync_batches] == [4, 4, 4]
    assert len(set(tickets) | set(seeded.scan_tokens)) == len(tickets) + 6
    held = dict(
        db.execute(
            select(Booking.ticket_token, Booking.event_id).where(
                Booking.status == BookingStatus.CONFIRMED
            )
        ).all()
    )
    assert {held[token] for token in tickets} == {sync_event.id}
    assert {held[token] for token in seeded.scan_tokens} == {conference.id}


def test_a_scan_as_the_bench_sends_it_checks_in_its_ticket(app, given, db):
    trainer, seeded = _seed(given, db)
    client, token = _trainer_client(app, trainer)
    path = f"/door/{seeded.conference_id}/scans"

    def scan():
        body = door.scan_body(seeded.scan_tokens[0])
        return _as_bench(client.http.post(path, json=body, headers={"X-CSRFToken": token}))

    assert door.checked_in(scan())
    assert scan().json()["outcome"] == "already_checked_in", "each scan needs its own ticket"


def test_a_sync_as_the_bench_sends_it_checks_in_its_batch(app, given, db):
    trainer, seeded = _seed(given, db)
    client, token = _trainer_client(app, trainer)
    path = f"/door/{seeded.sync_event_id}/sync"
    body = door.sync_body(seeded.sync_batches[0], NOW)
    response = _as_bench(client.http.post(path, json=body, headers={"X-CSRFToken": token}))
    assert door.synced(response, size=4)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 4


def test_the_door_page_sends_as_many_statements_for_many_people_as_for_few(app, engine, given, db):
    trainer, small = _seed(given, db, people=40, sizes=(3, 1, 1))
    _, large = _seed(given, db, people=40, sizes=(30, 1, 1), trainer=trainer)
    client, token = _trainer_client(app, trainer)
    for ticket in large.scan_tokens[:5]:  # who checked them in, and when, is listed too
        body = door.scan_body(ticket)
        client.http.post(
            f"/door/{large.conference_id}/scans", json=body, headers={"X-CSRFToken": token}
        )
    counts = []
    for seeded in (small, large):
        with statements_sent(engine) as sent:
            page = client.get(f"/door/{seeded.conference_id}")
        assert page.status_code == 200
        counts.append(len(sent))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("size", [2, 4])
def test_counting_a_syncs_statements_leaves_nothing_behind(engine, given, db, size):
    _, seeded = _seed(given, db)
    counted = door.count_sync_statements(engine, seeded, size)
    assert counted == door.count_sync_statements(engine, seeded, 1)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_the_report_holds_the_door_to_its_targets():
    from bench import measures, report
    from bench.run import DoorRound

    def timing(measure: str, ms: float, n: int = 3) -> measures.Timing:
        return measures.Timing(measure, samples_ms=[ms] * n)

    timings = [
        timing("hello", 1.0),
        timing(measures.STACK_MEASURE, 4.0),
        timing(door.SCAN_MEASURE, 6.0),
        timing(door.LIST_MEASURE, 9.0),
        timing(door.SYNC_MEASURE, 250.0),
    ]
    figures = door.DoorFigures(timings[2:], {door.SMALL_SYNC: 9, door.SYNC_SIZE: 9})
    verdicts = {r["measure"]: r["pass"] for r in report.timing_rows("sqlite", timings)}
    assert verdicts[door.SCAN_MEASURE] is True and verdicts[door.LIST_MEASURE] is False
    rnd = DoorRound("sqlite", timings, figures, {}, False, [])
    rows = {r["check"]: (r["value"], r["pass"]) for r in report.door_rows(rnd)}
    assert rows["door sync throughput (scans/s, 500 a POST)"] == (2000, None)
    assert rows["statements per sync of 500 scans (in-process)"] == (9, True)
