"""One round per database: migrate, seed, time the email outbox in-process (``bench.mail``),
serve with gunicorn, measure, check the database.
"""

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, func, make_url, select

from bench import door, mail, measures, reports, stack
from bench.client import Client
from bench.databases import migrate
from bench.door import DoorFigures
from bench.mail import MailFigures
from bench.seed import Seeded, seed
from bench.servers import Server
from booking.config import PARTNERSHIP
from booking.db import make_engine
from booking.models import Booking, BookingStatus, Event


@dataclass
class RushCheck:
    """What the database holds after the rush."""

    capacity: int
    confirmed: int
    waitlisted: int
    people: int
    rows: int
    oversold_events: int


@dataclass
class Round:
    """Everything measured against one database."""

    database: str
    timings: list[measures.Timing]
    rush: measures.Rush
    check: RushCheck
    rss_mb: dict[int, float]
    rss_before_sign_in_mb: dict[int, float]
    rss_now_mb: dict[int, float]
    phase_seconds: dict[str, float]
    workers_restarted: bool
    log_problems: list[str] = field(default_factory=list)
    email: MailFigures | None = None
    door: DoorFigures | None = None


@dataclass
class DoorRound:
    """The door's measures alone against one database (``python -m bench --only door``)."""

    database: str
    timings: list[measures.Timing]
    door: DoorFigures
    phase_seconds: dict[str, float]
    workers_restarted: bool
    log_problems: list[str]


def run_round(database: str, url: str, hello: Server, temp_dir: Path) -> Round:
    """Measure the app on the database at ``url`` (already created, still empty)."""
    engine, seeded, seconds = _migrate_and_seed(database, url)
    try:
        start = time.perf_counter()
        mail_figures = mail.measure(database, engine, seeded)  # before gunicorn: a quiet database
        mail_seconds = time.perf_counter() - start
        env = app_env(url)
        with Server(f"app-{database}", "wsgi:app", env, temp_dir) as app:
            postgres = database == "postgresql"
            baselines = [partial(_time_stack, database, env, temp_dir, seeded)]
            if postgres:
                baselines.append(partial(_time_floor, url, temp_dir, seeded))
            result = _measure(database, app, hello, seeded, engine, baselines)
        result.phase_seconds = {
            "migrate and seed": seconds,
            "email measures": mail_seconds,
            **result.phase_seconds,
        }
        result.email = mail_figures
        return result
    finally:
        engine.dispose()


def run_door_round(database: str, url: str, hello: Server, temp_dir: Path) -> DoorRound:
    """The door's measures alone, with hello and the app stack of the same round."""
    engine, seeded, seconds = _migrate_and_seed(database, url)
    try:
        env = app_env(url)
        with Server(f"app-{database}", "wsgi:app", env, temp_dir) as app:
            timings = [measures.time_gets("hello", Client(hello.port), lambda _i: "/")]
            figures = door.measure(database, app.port, engine, seeded.door, seeded.password)
            timings += figures.timings
            timings.append(_time_stack(database, env, temp_dir, seeded))
            timings.append(measures.time_gets("hello, end of round", Client(hello.port), _root))
            return DoorRound(
                database,
                timings,
                figures,
                {"migrate and seed": seconds},
                app.workers_restarted(),
                app.log_problems(),
            )
    finally:
        engine.dispose()


def _root(_i: int) -> str:
    return "/"


def _migrate_and_seed(database: str, url: str) -> tuple[Engine, Seeded, float]:
    print(f"[{database}] migrating and seeding…", flush=True)
    start = time.perf_counter()
    migrate(url)
    engine = make_engine(url)
    seeded = seed(engine)
    seconds = time.perf_counter() - start
    print(f"[{database}] schema and seed data in {seconds:.1f}s", flush=True)
    return engine, seeded, seconds


def app_env(url: str) -> dict[str, str]:
    """The app's environment: the database, a fresh key, no demo, made-up partnership."""
    env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(32)}
    env |= {"BOOKING_SECURE_COOKIES": "0", "BOOKING_DEMO": "0"}  # whatever the shell says
    return env | {variable: made_up for variable, made_up in PARTNERSHIP.values()}


def _measure(
    database: str,
    app: Server,
    hello: Server,
    seeded: Seeded,
    engine: Engine,
    baselines: list[Callable[[], measures.Timing]],
) -> Round:
    rng = random.Random(11)
    print(f"[{database}] timing hello and pages…", flush=True)
    timings = [measures.time_gets("hello", Client(hello.port), lambda _i: "/")]
    visitor = Client(app.port)
    timings.append(measures.time_gets("GET /events", visitor, lambda _i: "/events"))
    timings.append(measures.time_gets(measures.SEARCH_MEASURE, visitor, measures.search_path))
    pages = [rng.choice(seeded.event_ids) for _ in range(measures.WARMUP + measures.PAGE_REQUESTS)]
    timings.append(measures.time_gets("GET /events/<id>", visitor, lambda i: f"/events/{pages[i]}"))
    rss_before_sign_in = app.peak_rss_mb()
    print(f"[{database}] timing booking POSTs…", flush=True)
    booker = Client(app.port)
    booker.sign_in(seeded.booker_email, seeded.password)
    to_book = rng.sample(seeded.event_ids, measures.WARMUP + measures.BOOKING_POSTS)
    timings.append(measures.time_booking_posts(booker, to_book))
    door_figures = door.measure(database, app.port, engine, seeded.door, seeded.password)
    timings += door_figures.timings
    timings += reports.measure(database, app.port, seeded.reports, seeded.password)
    timings += [baseline() for baseline in baselines]
    # Hello once more: its ratio to the first says how far the machine's load moved meanwhile.
    timings.append(measures.time_gets("hello, end of round", Client(hello.port), lambda _i: "/"))
    print(f"[{database}] signing in {len(seeded.rush_emails)} people for the rush…", flush=True)
    start = time.perf_counter()
    people = measures.sign_in_all(
        app.port, seeded.rush_emails, seeded.password, f"/events/{seeded.rush_event_id}"
    )
    sign_in_seconds = time.perf_counter() - start
    print(f"[{database}] rush…", flush=True)
    rush = measures.rush(seeded.rush_event_id, people)
    for client, _token in people:
        client.close()
    return Round(
        database=database,
        timings=timings,
        rush=rush,
        check=check_rush(engine, seeded.rush_event_id),
        rss_mb=app.peak_rss_mb(),
        rss_before_sign_in_mb=rss_before_sign_in,
        rss_now_mb=app.peak_rss_mb("VmRSS"),
        phase_seconds={"rush sign-ins (400, untimed)": sign_in_seconds},
        workers_restarted=app.workers_restarted(),
        log_problems=app.log_problems(),
        door=door_figures,
    )


def _time_stack(database: str, env: dict, temp_dir: Path, seeded: Seeded) -> measures.Timing:
    """The app's own stack alone (``bench.stack``): a signed-in POST that books nothing."""
    print(f"[{database}] timing a signed-in POST that books nothing…", flush=True)
    with Server(f"stack-{database}", "bench.stack:make_app()", env, temp_dir) as server:
        client = Client(server.port)
        client.sign_in(seeded.booker_email, seeded.password)
        return measures.time_signed_in_posts(
            measures.STACK_MEASURE,
            client,
            lambda _i: stack.PATH,
            lambda response: response.status == 302 and response.location.endswith("/events"),
            token_page="/events",
        )


def _time_floor(url: str, temp_dir: Path, seeded: Seeded) -> measures.Timing:
    """The booking's SQL alone, from a bare Flask app (``bench.floor``), after the app's round."""
    print("[postgresql] timing the booking's SQL from a bare Flask app…", flush=True)
    env = {
        "FLOOR_DSN": make_url(url).set(drivername="postgresql").render_as_string(False),
        "FLOOR_PERSON_ID": str(seeded.floor_person_id),
    }
    events = random.Random(13).sample(seeded.event_ids, measures.WARMUP + measures.BOOKING_POSTS)
    with Server("floor", "bench.floor:app", env, temp_dir) as floor:
        return measures.time_posts(
            "booking SQL alone (bare Flask)",
            Client(floor.port),
            lambda i: f"/events/{events[i]}/book",
        )


def check_rush(engine: Engine, event_id: int) -> RushCheck:
    """Count the rush event's bookings, and events anywhere with more confirmed than capacity."""
    confirmed = (
        select(Booking.event_id, func.count().label("n"))
        .where(Booking.status == BookingStatus.CONFIRMED)
        .group_by(Booking.event_id)
        .subquery()
    )
    with engine.connect() as connection:
        statuses = dict(
            connection.execute(
                select(Booking.status, func.count())
                .where(Booking.event_id == event_id)
                .group_by(Booking.status)
            ).all()
        )
        people, rows = connection.execute(
            select(func.count(Booking.person_id.distinct()), func.count()).where(
                Booking.event_id == event_id
            )
        ).one()
        oversold = connection.scalar(
            select(func.count())
            .select_from(Event)
            .join(confirmed, confirmed.c.event_id == Event.id)
            .where(confirmed.c.n > Event.capacity)
        )
        capacity = connection.scalar(select(Event.capacity).where(Event.id == event_id))
    return RushCheck(
        capacity=capacity,
        confirmed=statuses.get(BookingStatus.CONFIRMED, 0),
        waitlisted=statuses.get(BookingStatus.WAITLISTED, 0),
        people=people,
        rows=rows,
        oversold_events=oversold,
    )
