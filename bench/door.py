"""The door, served by gunicorn like the rest (``bench.seed.DoorSeeded`` holds its data):

- a check-in scan: the trainer's JSON POST /door/<id>/scans as the door's script sends it (the
  ticket's link and an id of its own, ``scan_body``), each a different ticket of the
  400-person conference (a ticket scanned again only answers "already checked in"): WARMUP
  untimed, SCANS timed. Target: median at most 1.5× the app stack row of
  the same round (a signed-in POST that books nothing, ``bench.stack``).
- the door page: GET /door/<id> of that conference, its 400 people listed (those the scans
  checked in with who and when). Target: at most 8× hello; the statements it sends do not grow
  with the list (``tests/test_bench_door.py`` counts them).
- a sync: POST /door/<id>/sync of SYNC_SIZE offline scans. Each round syncs a fresh batch of
  bookings seeded for it, so each checks SYNC_SIZE people in (undoing between rounds would
  leave undone rows behind and time the undo's state, not a door's). SYNC_WARMUP untimed,
  SYNC_ROUNDS timed; printed as scans a second from the median. Its statements are counted
  in-process, ``sync.receive_all`` on a batch of SYNC_SIZE and one of SMALL_SYNC in a
  transaction rolled back: the target is the same number for both.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, event, select

from bench import measures
from bench.client import BenchError, Client, Response
from bench.seed import SYNC_BATCHES, SYNC_SIZE, DoorSeeded
from booking.checkin.sync import PhoneScan, receive_all
from booking.db import make_sessions
from booking.models import Event, User

SCAN_MEASURE = "door scan POST (JSON)"
LIST_MEASURE = "GET /door/<id> (400 people)"
SYNC_MEASURE = f"door sync POST ({SYNC_SIZE} scans)"
SCANS = 200
SYNC_WARMUP, SYNC_ROUNDS = 1, SYNC_BATCHES - 2  # the last batch is for counting statements
SMALL_SYNC = 50
STACK_TARGET = 1.5
LIST_TARGET = 8.0


@dataclass
class DoorFigures:
    timings: list[measures.Timing]
    statements: dict[int, int] = field(default_factory=dict)  # scans in a sync -> statements

    @property
    def sync(self) -> measures.Timing:
        return next(t for t in self.timings if t.measure == SYNC_MEASURE)

    @property
    def scans_per_second(self) -> float:
        return SYNC_SIZE / (self.sync.median / 1000)


def measure(database: str, port: int, engine: Engine, door: DoorSeeded, password: str):
    """The three door measures through the app at ``port``, then the sync's statements."""
    trainer = Client(port)
    trainer.sign_in(door.trainer_email, password)
    token = csrf_token(trainer)
    print(f"[{database}] timing door scans, the door page and syncs…", flush=True)
    timings = [
        time_scans(trainer, door, token),
        measures.time_gets(LIST_MEASURE, trainer, lambda _i: f"/door/{door.conference_id}"),
        time_syncs(trainer, door, token),
    ]
    trainer.close()
    statements = {
        size: count_sync_statements(engine, door, size) for size in (SMALL_SYNC, SYNC_SIZE)
    }
    return DoorFigures(timings, statements)


def csrf_token(client: Client) -> str:
    """The token a phone fetches before it sends anything (GET /door/csrf-token)."""
    answer = client.get("/door/csrf-token")
    if answer.status != 200:
        raise BenchError(f"GET /door/csrf-token answered {answer.status}")
    return answer.json()["csrf_token"]


def checked_in(response: Response) -> bool:
    return response.status == 200 and response.json()["outcome"] == "checked_in"


def time_scans(client: Client, door: DoorSeeded, token: str, count: int = SCANS) -> measures.Timing:
    """One ticket after another, each once (``scan_body``)."""
    path = f"/door/{door.conference_id}/scans"
    tickets = door.scan_tokens[: measures.WARMUP + count]
    if len(tickets) < measures.WARMUP + count:
        raise BenchError("not enough tickets to scan")
    timing = measures.Timing(SCAN_MEASURE)
    for i, ticket in enumerate(tickets):
        response = client.post_json(path, scan_body(ticket), token)
        if i == 0 and not checked_in(response):
            raise BenchError(f"scan refused: {response.status} {response.body[:200]}")
        if i >= measures.WARMUP:
            timing.add(response, checked_in(response))
    return timing


def scan_body(ticket: str) -> dict:
    """What the door's script sends for a code the camera read: the ticket's link, and an id
    of its own (so sending it again after a lost answer changes nothing)."""
    return {"client_id": str(uuid.uuid4()), "code": f"http://localhost/t/{ticket}"}


def sync_body(tickets: list[str], start: datetime) -> dict:
    """A phone's queue: each ticket scanned offline, a few seconds apart."""
    return {
        "scans": [
            {
                "client_id": str(uuid.uuid4()),
                "code": ticket,
                "scanned_at": _iso(start + timedelta(seconds=3 * i)),
            }
            for i, ticket in enumerate(tickets)
        ]
    }


def _iso(moment: datetime) -> str:
    """As a browser writes a time (``Date.toISOString``)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def synced(response: Response, size: int = SYNC_SIZE) -> bool:
    """Whether the sync checked in each of its ``size`` scans."""
    if response.status != 200:
        return False
    results = response.json()["results"]
    return len(results) == size and all(r["outcome"] == "checked_in" for r in results)


def time_syncs(client: Client, door: DoorSeeded, token: str) -> measures.Timing:
    """Each round a fresh batch of SYNC_SIZE tickets, sent in one POST."""
    path = f"/door/{door.sync_event_id}/sync"
    timing = measures.Timing(SYNC_MEASURE)
    start = datetime.now(UTC) - timedelta(minutes=45)
    for i, batch in enumerate(door.sync_batches[: SYNC_WARMUP + SYNC_ROUNDS]):
        response = client.post_json(path, sync_body(batch, start), token)
        if i == 0 and not synced(response):
            raise BenchError(f"sync refused: {response.status} {response.body[:200]}")
        if i >= SYNC_WARMUP:
            timing.add(response, synced(response))
    return timing


def count_sync_statements(engine: Engine, door: DoorSeeded, size: int) -> int:
    """Statements ``receive_all`` sends for ``size`` scans of the last batch, rolled back."""
    now = datetime.now(UTC)
    scans = [
        PhoneScan(client_id=str(uuid.uuid4()), scanned_at=now, code=ticket)
        for ticket in door.sync_batches[-1][:size]
    ]
    sent = []

    def count(*_args) -> None:
        sent.append(1)

    with make_sessions(engine).writer() as session:
        event_ = session.get(Event, door.sync_event_id)
        trainer_id = session.scalar(select(User.id).where(User.email == door.trainer_email))
        event.listen(engine, "before_cursor_execute", count)
        try:
            results = receive_all(session, event=event_, scans=scans, by_id=trainer_id, now=now)
        finally:
            event.remove(engine, "before_cursor_execute", count)
            session.rollback()
    if any(result.outcome.value != "checked_in" for result in results):
        raise BenchError("the counted sync did not check everyone in")
    return len(sent)


def rows(figures: DoorFigures) -> list[tuple]:
    """(figure, value, target, pass) for the sync beside the latency table."""
    small, large = figures.statements[SMALL_SYNC], figures.statements[SYNC_SIZE]
    throughput = f"door sync throughput (scans/s, {SYNC_SIZE} a POST)"
    statements = f"statements per sync of {SYNC_SIZE} scans (in-process)"
    return [
        (throughput, round(figures.scans_per_second), "", None),
        (statements, large, f"= {small} ({SMALL_SYNC} scans)", large == small),
    ]
