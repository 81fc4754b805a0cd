"""The reports, served by gunicorn like the rest (``ReportsSeeded`` holds their data):

- the reports page for a whole year: GET /manage/reports?period=last-academic, over REPORT
  EVENTS events that ran last academic year, REPORT_BOOKINGS bookings (most checked in) of
  people spread over ORGANISATIONS organisations (most of them schools, with phases and
  districts). Target: at most 12x hello.
- an event's attendance report: GET /manage/events/<id>/report of the largest of those events.
  Target: at most 12x hello.

Both send a fixed number of statements whatever the data (``tests/test_bench_reports.py``
counts them)."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, bindparam, func, insert, select, update

from bench import measures
from bench.client import Client
from booking.accounts.models import Organisation, SchoolPhase, Sector
from booking.bookings.tickets import new_ticket_token
from booking.checkin.models import CheckIn, Via
from booking.models import Booking, BookingStatus, User
from booking.reports.periods import academic_year

REPORTS_MEASURE = "GET /manage/reports (a whole year)"
EVENT_REPORT_MEASURE = "GET /manage/events/<id>/report"
TARGET = 12.0
ORGANISATIONS = 2_000
REPORT_EVENTS = 2_000
REPORT_BOOKINGS = 50_000
REPORTS_PATH = "/manage/reports?period=last-academic"
DISTRICTS = ["Ashby", "Brookfield", "Castleford", "Dunmore", "Eastwold"]
_OTHER_SECTORS = [s for s in Sector if s not in (Sector.SCHOOL, Sector.POST_16)]


@dataclass(frozen=True)
class ReportsSeeded:
    organiser_email: str
    event_id: int  # the largest event of the year, for its attendance report
    path: str = REPORTS_PATH


def seed_reports(
    connection: Connection,
    organiser_email: str,
    person_ids: list[int],
    rng: random.Random,
    now: datetime,
    event_row,
    insert_events,
    *,
    sizes: tuple[int, int, int] = (ORGANISATIONS, REPORT_EVENTS, REPORT_BOOKINGS),
) -> ReportsSeeded:
    """``sizes`` organisations (60% schools) that the people are spread over, then ``sizes``
    events that ran last academic year, with ``sizes`` bookings: 5% cancelled, 3% walk-ins,
    seven in eight of the confirmed checked in. ``event_row`` and ``insert_events`` are
    ``bench.seed``'s."""
    organisations, events, bookings = sizes
    organisation_ids = _organisations(connection, organisations, rng)
    connection.execute(
        update(User.__table__)
        .where(User.__table__.c.id == bindparam("person"))
        .values(organisation_id=bindparam("organisation")),
        [{"person": p, "organisation": rng.choice(organisation_ids)} for p in person_ids],
    )
    year = academic_year(now.date(), back=1)
    rows = [_past(event_row(i, rng, now), year.starts, rng) for i in range(events)]
    event_ids = insert_events(connection, rows)
    capacities = [row["capacity"] for row in rows]
    booked = _bookings(connection, event_ids, capacities, person_ids, bookings, rng, now)
    largest = max(zip(booked, event_ids, strict=True))[1]
    return ReportsSeeded(organiser_email, largest)


def _organisations(connection: Connection, count: int, rng: random.Random) -> list[int]:
    rows = []
    first = connection.scalar(select(func.count()).select_from(Organisation.__table__))
    for n in range(count):
        share, i = n / count, first + n
        sector = (
            Sector.SCHOOL
            if share < 0.6
            else Sector.POST_16
            if share < 0.63
            else _OTHER_SECTORS[i % len(_OTHER_SECTORS)]
        )
        name = f"Bench organisation {i}"
        rows.append(
            {
                "name": name,
                "name_key": name.lower(),
                "sector": sector,
                "reference": f"BENCH{i}",
                "phase": rng.choice(list(SchoolPhase)) if sector == Sector.SCHOOL else None,
                "district": rng.choice(DISTRICTS),
            }
        )
    table = Organisation.__table__
    return connection.scalars(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
    ).all()


def _past(row: dict, first_day: date, rng: random.Random) -> dict:
    starts = datetime.combine(
        first_day + timedelta(days=rng.randint(0, 360)),
        time(9, 30),
        tzinfo=ZoneInfo("Europe/London"),
    )
    return row | {"starts_at": starts, "ends_at": starts + timedelta(hours=6)}


def _bookings(connection, event_ids, capacities, person_ids, total, rng, now) -> list[int]:
    """``total`` bookings over the events (none beyond capacity), with check-ins; how many
    each event got."""
    each = max(total // len(event_ids), 1)
    sizes = [min(capacity, each + rng.randint(-each // 2, each // 2), len(person_ids))
             for capacity in capacities]  # fmt: skip
    rows, came = [], []
    for event_id, size in zip(event_ids, sizes, strict=True):
        for person_id in rng.sample(person_ids, size):
            token, luck = new_ticket_token(), rng.random()
            cancelled = luck < 0.05
            rows.append(_booking(event_id, person_id, token, now, cancelled, walk_in=luck > 0.97))
            if not cancelled and (luck > 0.97 or rng.random() < 0.875):
                came.append(token)
    connection.execute(insert(Booking.__table__), rows)
    ids = dict(
        connection.execute(
            select(Booking.ticket_token, Booking.id).where(Booking.event_id.in_(event_ids))
        ).all()
    )
    moment = now - timedelta(days=400)
    connection.execute(
        insert(CheckIn.__table__),
        [
            {
                "booking_id": ids[token],
                "checked_in_at": moment,
                "recorded_at": moment,
                "via": Via.SCAN,
                "offline": False,
            }
            for token in came
        ],
    )
    return sizes


def _booking(event_id, person_id, token, now, cancelled: bool, walk_in: bool) -> dict:
    queued = now - timedelta(days=500)
    return {
        "event_id": event_id,
        "person_id": person_id,
        "status": BookingStatus.CANCELLED if cancelled else BookingStatus.CONFIRMED,
        "ticket_token": token,
        "queued_at": queued,
        "created_at": queued,
        "updated_at": queued,
        "cancelled_at": queued if cancelled else None,
        "walk_in": walk_in and not cancelled,
    }


def measure(database: str, port: int, seeded: ReportsSeeded, password: str):
    """The two reports' timings, signed in as the organiser."""
    print(f"[{database}] timing the reports…", flush=True)
    organiser = Client(port)
    organiser.sign_in(seeded.organiser_email, password)
    timings = [
        measures.time_gets(REPORTS_MEASURE, organiser, lambda _i: seeded.path),
        measures.time_gets(
            EVENT_REPORT_MEASURE, organiser, lambda _i: f"/manage/events/{seeded.event_id}/report"
        ),
    ]
    organiser.close()
    return timings
