"""Seed data in bulk (SQLAlchemy Core through the ORM tables, so timestamps are converted).

2,000 published future events of mixed kinds, 50,000 bookings never beyond capacity, the people
who made them, one person for the sequential booking measure, and 400 people for the rush on one
fresh event with 100 places. For the door (``bench.door``): a trainer, a 400-person conference
happening today, and a training day today with a fresh 500 bookings for each sync. For the
reports (``bench.reports``): an organiser, 2,000 organisations the people work for, and 2,000
events that ran last academic year with 50,000 bookings, most of them checked in.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import Connection, Engine, insert, select, text

from bench.reports import ReportsSeeded, seed_reports
from booking.accounts.passwords import hash_password
from booking.bookings.tickets import new_ticket_token
from booking.core.clock import utcnow as _utcnow
from booking.events.models import (
    STANDALONE_KINDS,
    EventKind,
    event_search_terms,
    event_trainers,
    listed_id,
    search_term_rows,
)
from booking.models import Booking, BookingStatus, Event, EventStatus, Role, User

EVENTS = 2_000
BOOKINGS = 50_000
PEOPLE = 10_000
RUSH_PEOPLE = 400
RUSH_CAPACITY = 100
PASSWORD = "bench-password-1234"
BOOKER_EMAIL = "bench-booker@example.org"
FLOOR_EMAIL = "bench-floor@example.org"  # books only through the floor baseline (bench.floor)
DOOR_TRAINER_EMAIL = "bench-trainer@example.org"
ORGANISER_EMAIL = "bench-organiser@example.org"  # reads the reports (bench.reports)
DOOR_PEOPLE = 400  # the conference whose door list is timed, and whose tickets are scanned
SYNC_SIZE = 500  # scans in one offline batch
SYNC_BATCHES = 10  # each sync round checks in a fresh batch (bench.door says how many it uses)
KINDS = list(STANDALONE_KINDS)
AUDIENCES = ["All practitioners", "Schools", "Health", "Foster carers", "Governors", "Parents"]
PROGRAMMES = ["Core safeguarding", "Early help", "Exploitation", "Online safety", ""]
TOPICS = [
    "Recognising neglect", "Child sexual exploitation", "Working together", "Domestic abuse",
    "Designated safeguarding lead refresher", "Online harms", "Managing allegations",
    "Contextual safeguarding", "Trauma-informed practice", "Private fostering",
]  # fmt: skip


@dataclass(frozen=True)
class DoorSeeded:
    """Two events happening today, worked by one trainer: a conference of DOOR_PEOPLE whose
    tickets are scanned, and a training day whose bookings come in batches of SYNC_SIZE, so
    each sync checks in people nobody has checked in yet."""

    conference_id: int
    sync_event_id: int
    trainer_email: str
    scan_tokens: list[str]
    sync_batches: list[list[str]]


@dataclass(frozen=True)
class Seeded:
    event_ids: list[int]
    rush_event_id: int
    booker_email: str
    rush_emails: list[str]
    floor_person_id: int
    door: DoorSeeded
    reports: ReportsSeeded
    password: str = PASSWORD


def seed(engine: Engine, *, rng: random.Random | None = None) -> Seeded:
    """Insert everything in a few bulk statements and return what the measures need."""
    rng = rng or random.Random(2024)
    now = _utcnow()
    password_hash = hash_password(PASSWORD)  # one argon2id hash, default costs, shared by all
    people = [f"bench-{i}@example.org" for i in range(PEOPLE)]
    rush = [f"bench-rush-{i}@example.org" for i in range(RUSH_PEOPLE)]
    with engine.begin() as connection:
        connection.execute(
            insert(User.__table__),
            [
                user_row(email, password_hash, now)
                for email in [*people, BOOKER_EMAIL, FLOOR_EMAIL, *rush]
            ]
            + [user_row(DOOR_TRAINER_EMAIL, password_hash, now) | {"role": Role.TRAINER}]
            + [user_row(ORGANISER_EMAIL, password_hash, now) | {"role": Role.ORGANISER}],
        )
        rows = [event_row(i, rng, now) for i in range(EVENTS)]
        rows.append(event_row(EVENTS, rng, now, title="Bench rush") | {"capacity": RUSH_CAPACITY})
        *_, rush_id = insert_events(connection, rows)
        ids_by_email = dict(connection.execute(select(User.email, User.id)).all())
        person_ids = [ids_by_email[email] for email in people]
        events = connection.execute(
            select(Event.id, Event.capacity).where(Event.id != rush_id).order_by(Event.id)
        ).all()
        connection.execute(insert(Booking.__table__), _bookings(events, person_ids, rng, now))
        door = seed_door(connection, DOOR_TRAINER_EMAIL, person_ids, rng, now)
        reports = seed_reports(
            connection, ORGANISER_EMAIL, person_ids, rng, now, event_row, insert_events
        )
    if engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load: statistics, and the visibility map that lets
        # index-only scans skip the table. VACUUM cannot run inside a transaction.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return Seeded(
        [event_id for event_id, _ in events],
        rush_id,
        BOOKER_EMAIL,
        rush,
        floor_person_id=ids_by_email[FLOOR_EMAIL],
        door=door,
        reports=reports,
    )


def user_row(email: str, password_hash: str, now: datetime) -> dict:
    """A person's row for the bench's bulk inserts (a confirmed professional)."""
    return {
        "email": email,
        "name": email.split("@")[0].replace("-", " ").title(),
        "job_title": "Practitioner",
        "organisation_id": None,
        "role": Role.PROFESSIONAL,
        "password_hash": password_hash,
        "is_demo": False,
        "email_confirmed_at": now,  # booking needs a confirmed address
        "reminders_enabled": True,
        "created_at": now,
    }


def insert_events(connection: Connection, rows: list[dict]) -> list[int]:
    """Insert the events' rows and file their search terms as the model does (plain INSERTs
    pass by its hook); their ids, in order."""
    ids = connection.scalars(
        insert(Event.__table__).returning(Event.__table__.c.id, sort_by_parameter_order=True),
        rows,
    ).all()
    terms = [term for id_, row in zip(ids, rows, strict=True) for term in _terms(id_, row)]
    connection.execute(insert(event_search_terms), terms)
    return ids


def _terms(event_id: int, row: dict) -> list[dict]:
    listed = listed_id(event_id, row["parent_id"], row["status"])
    return search_term_rows(event_id, listed, row)


def event_row(i: int, rng: random.Random, now: datetime, title: str = "") -> dict:
    """A published event's row."""
    kind = rng.choice(KINDS)
    starts = now + timedelta(days=rng.randint(2, 365), hours=rng.randint(0, 8))
    topic = rng.choice(TOPICS)
    texts = {
        "title": title or f"{topic} ({kind.label}) #{i}",
        "summary": f"A {kind.label.lower()} on {topic.lower()} for practitioners.",
        "description": f"{topic}. " * 40,
        "audience": rng.choice(AUDIENCES),
        "programme": rng.choice(PROGRAMMES),
        "venue": f"Room {rng.randint(1, 30)}, Civic Centre, High Street",
    }
    return texts | {
        "parent_id": None,
        "kind": kind,
        "status": EventStatus.PUBLISHED,
        "online_url": "",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "capacity": rng.randint(20, 200),
        "booking_opens_at": None,
        "booking_closes_at": None,
        "cpd_hours": Decimal("3.0"),
        "reminder_days": None,
        "sequence": 0,
        "created_at": now,
        "updated_at": now,
    }


def _sizes(capacities: list[int], rng: random.Random) -> list[int]:
    """Bookings per event summing to BOOKINGS: a tenth of events full with a queue, others part."""
    full = set(rng.sample(range(len(capacities)), len(capacities) // 10))
    sizes = [cap + rng.randint(1, 15) if i in full else 0 for i, cap in enumerate(capacities)]
    rest = [i for i in range(len(capacities)) if i not in full]
    weights = {i: rng.random() * capacities[i] for i in rest}
    remaining = BOOKINGS - sum(sizes)
    total_weight = sum(weights.values())
    for i in rest:
        sizes[i] = min(int(weights[i] / total_weight * remaining), capacities[i] - 1)
    while sum(sizes) < BOOKINGS:
        i = rng.choice(rest)
        if sizes[i] < capacities[i] - 1:
            sizes[i] += 1
    return sizes


def _bookings(events, person_ids: list[int], rng: random.Random, now: datetime) -> list[dict]:
    rows = []
    sizes = _sizes([capacity for _, capacity in events], rng)
    for (event_id, capacity), size in zip(events, sizes, strict=True):
        confirmed = 0
        queued = now - timedelta(days=30)
        for person_id in rng.sample(person_ids, size):
            queued += timedelta(minutes=rng.randint(1, 60))
            if rng.random() < 0.04:
                status = BookingStatus.CANCELLED
            elif confirmed < capacity:
                status, confirmed = BookingStatus.CONFIRMED, confirmed + 1
            else:
                status = BookingStatus.WAITLISTED
            cancelled = queued + timedelta(hours=1) if status == BookingStatus.CANCELLED else None
            rows.append(
                {
                    "event_id": event_id,
                    "person_id": person_id,
                    "status": status,
                    "ticket_token": new_ticket_token(),
                    "queued_at": queued,
                    "created_at": queued,
                    "updated_at": cancelled or queued,
                    "cancelled_at": cancelled,
                }
            )
    return rows


def seed_door(
    connection: Connection,
    trainer_email: str,
    person_ids: list[int],
    rng: random.Random,
    now: datetime,
    *,
    sizes: tuple[int, int, int] = (DOOR_PEOPLE, SYNC_SIZE, SYNC_BATCHES),
) -> DoorSeeded:
    """The door's two events today (``DoorSeeded``), the trainer of that email on both, and
    confirmed bookings of people among ``person_ids``: ``sizes`` are the conference's people,
    a sync's scans and how many syncs (as many people as the conference's and the syncs'
    together, at least)."""
    conference_size, batch_size, batches = sizes
    trainer_id = connection.scalar(select(User.id).where(User.email == trainer_email))
    today = {"starts_at": now - timedelta(hours=1), "ends_at": now + timedelta(hours=6)}
    counts = {"conference": conference_size, "sync": batch_size * batches}
    kinds = {
        "Bench door conference": EventKind.CONFERENCE,
        "Bench door sync": EventKind.TRAINING_DAY,
    }
    rows = [
        event_row(0, rng, now, title=title) | today | {"kind": kind, "capacity": size}
        for (title, kind), size in zip(kinds.items(), counts.values(), strict=True)
    ]
    conference_id, sync_event_id = insert_events(connection, rows)
    connection.execute(
        insert(event_trainers),
        [
            {"event_id": event_id, "user_id": trainer_id}
            for event_id in (conference_id, sync_event_id)
        ],
    )
    people = rng.sample(person_ids, sum(counts.values()))
    tokens = [new_ticket_token() for _ in people]
    event_ids = [conference_id] * conference_size + [sync_event_id] * (
        len(people) - conference_size
    )
    rows = [
        _confirmed(event_id, person_id, token, now - timedelta(days=10))
        for event_id, person_id, token in zip(event_ids, people, tokens, strict=True)
    ]
    connection.execute(insert(Booking.__table__), rows)
    sync_tokens = tokens[conference_size:]
    return DoorSeeded(
        conference_id,
        sync_event_id,
        trainer_email,
        scan_tokens=tokens[:conference_size],
        sync_batches=[
            sync_tokens[i : i + batch_size] for i in range(0, len(sync_tokens), batch_size)
        ],
    )


def _confirmed(event_id: int, person_id: int, token: str, queued: datetime) -> dict:
    return {
        "event_id": event_id,
        "person_id": person_id,
        "status": BookingStatus.CONFIRMED,
        "ticket_token": token,
        "queued_at": queued,
        "created_at": queued,
        "updated_at": queued,
        "cancelled_at": None,
    }
