"""Feedback at scale (``python -m bench --only feedback``): one event with 100,000 responses to
a five-question form (four five-point scales, each skipped by one in twenty, and a comment
from one in a hundred), seeded in bulk, served by gunicorn like the rest:

- the summary page, GET /manage/events/<id>/feedback/summary, as an organiser. Target: median
  at most 300× hello of the same round. Its counts are a GROUP BY in the database, so the
  statements it sends do not grow with the responses (``tests/test_bench_feedback.py``).
- every response as XLSX (streamed, written in constant memory), then the workers' peak
  resident memory: each under 150 MB (``report.RSS_TARGET_MB``).
- the PDF report (figures, charts, the thousand comments as a bulleted list).
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select, text

from bench import measures
from bench.client import BenchError, Client
from bench.databases import migrate
from bench.seed import PASSWORD, event_row, insert_events, user_row
from bench.servers import Server
from booking.accounts.passwords import hash_password
from booking.core.clock import utcnow
from booking.db import make_engine
from booking.feedback.models import (
    Answer,
    FeedbackForm,
    FeedbackResponse,
    Question,
    QuestionKind,
    ResponseSource,
)
from booking.models import Role, User

RESPONSES = 100_000
ORGANISER_EMAIL = "bench-feedback-organiser@example.org"
SCALE = ["Very poor", "Poor", "Satisfactory", "Good", "Excellent"]
QUESTIONS = [
    "Overall satisfaction",
    "The trainer knew the subject",
    "The content was relevant to my work",
    "I feel more confident to act",
]
COMMENT_EVERY = 100
SKIP_EVERY = 20
CHUNK = 10_000
SUMMARY_MEASURE = "GET feedback summary (100,000 responses)"
XLSX_MEASURE = "GET all responses XLSX (100,000 rows)"
PDF_MEASURE = "GET feedback report PDF"
SUMMARY_TARGET = 300.0
SUMMARY_REQUESTS = 60
FILE_REQUESTS = 3
RSS_TARGET_MB = 150.0


@dataclass(frozen=True)
class FeedbackSeeded:
    event_id: int
    form_id: int
    organiser_email: str
    responses: int


@dataclass
class FeedbackRound:
    database: str
    timings: list[measures.Timing]
    rss_mb: dict[int, float]
    seed_seconds: float
    workers_restarted: bool
    log_problems: list[str]


def seed_feedback(
    connection: Connection,
    rng: random.Random,
    now: datetime,
    *,
    responses: int = RESPONSES,
    organiser_email: str = ORGANISER_EMAIL,
) -> FeedbackSeeded:
    """An organiser (password ``seed.PASSWORD``), a training day that ended yesterday, its
    five-question form and ``responses`` responses with their answers, in bulk."""
    exists = connection.scalar(select(User.id).where(User.email == organiser_email))
    if exists is None:
        row = user_row(organiser_email, hash_password(PASSWORD), now) | {"role": Role.ORGANISER}
        connection.execute(insert(User.__table__), [row])
    starts = now - timedelta(days=1, hours=6)
    event = event_row(0, rng, now, title="Bench feedback day")
    (event_id,) = insert_events(
        connection, [event | {"starts_at": starts, "ends_at": starts + timedelta(hours=6)}]
    )
    form_id = connection.scalar(
        insert(FeedbackForm.__table__).returning(FeedbackForm.__table__.c.id),
        [{"event_id": event_id, "title": "Your feedback", "created_at": now, "updated_at": now}],
    )
    kinds = [QuestionKind.SCALE] * len(QUESTIONS) + [QuestionKind.LONG_TEXT]
    texts = [*QUESTIONS, "Any other comments?"]
    question_ids = connection.scalars(
        insert(Question.__table__).returning(Question.__table__.c.id, sort_by_parameter_order=True),
        [
            {
                "form_id": form_id,
                "position": position,
                "kind": kind,
                "text": text,
                "options": SCALE if kind == QuestionKind.SCALE else [],
                "required": False,
            }
            for position, (kind, text) in enumerate(zip(kinds, texts, strict=True), start=1)
        ],  # fmt: skip
    ).all()
    for start in range(0, responses, CHUNK):
        size = min(CHUNK, responses - start)
        _insert_chunk(connection, rng, now, form_id, question_ids, start, size)
    return FeedbackSeeded(event_id, form_id, organiser_email, responses)


def _insert_chunk(connection, rng, now, form_id, question_ids, start: int, size: int) -> None:
    response_ids = connection.scalars(
        insert(FeedbackResponse.__table__).returning(
            FeedbackResponse.__table__.c.id, sort_by_parameter_order=True
        ),
        [
            {
                "form_id": form_id,
                "source": ResponseSource.ONLINE,
                "submitted_at": now,
                "updated_at": now,
            }
            for _ in range(size)
        ],  # fmt: skip
    ).all()
    *scales, comments = question_ids
    answers = []
    for number, response_id in enumerate(response_ids, start=start):
        for question_id in scales:
            if rng.randrange(SKIP_EVERY):
                option = min(4, max(0, round(rng.gauss(3.2, 0.9))))
                answers.append(_answer(response_id, question_id, option, ""))
        if number % COMMENT_EVERY == 0:
            words = f"Comment {number}: the session on {rng.choice(QUESTIONS).lower()} helped."
            answers.append(_answer(response_id, comments, None, words))
    connection.execute(insert(Answer.__table__), answers)


def _answer(response_id: int, question_id: int, option: int | None, text: str) -> dict:
    return {"response_id": response_id, "question_id": question_id, "option_index": option,
            "text": text, "hidden_at": None}  # fmt: skip


def summary_path(seeded: FeedbackSeeded) -> str:
    return f"/manage/events/{seeded.event_id}/feedback/summary"


def measure(database: str, app: Server, hello: Server, seeded: FeedbackSeeded) -> list:
    """Hello, the summary page, the XLSX of every response and the PDF, timed."""
    print(f"[{database}] timing the feedback summary and its files…", flush=True)
    timings = [measures.time_gets("hello", Client(hello.port), lambda _i: "/")]
    organiser = Client(app.port, timeout=300.0)
    organiser.sign_in(seeded.organiser_email, PASSWORD)
    path = summary_path(seeded)
    timings.append(
        measures.time_gets(SUMMARY_MEASURE, organiser, lambda _i: path, count=SUMMARY_REQUESTS)
    )
    base = f"/manage/events/{seeded.event_id}/feedback"
    for name, file, starts in (
        (XLSX_MEASURE, "responses.xlsx", "PK"),
        (PDF_MEASURE, "summary.pdf", "%PDF"),
    ):
        timings.append(_time_file(organiser, name, f"{base}/{file}", starts))
    timings.append(measures.time_gets("hello, end of round", Client(hello.port), lambda _i: "/"))
    organiser.close()
    return timings


def _time_file(client: Client, name: str, path: str, starts: str) -> measures.Timing:
    """FILE_REQUESTS downloads, each whole; each must be a file of its kind (its first bytes)."""
    timing = measures.Timing(name)
    for _ in range(FILE_REQUESTS):
        response = client.get(path)
        ok = response.status == 200 and response.body.startswith(starts)
        if not ok and not timing.samples_ms:
            raise BenchError(f"{path} answered {response.status}")
        timing.add(response, ok)
    return timing


def run_round(database: str, url: str, hello: Server, temp_dir: Path) -> FeedbackRound:
    """Migrate, seed the feedback alone, serve, measure (``measure``), read the workers' peak
    memory."""
    from bench.run import app_env

    print(f"[{database}] migrating and seeding {RESPONSES:,} responses…", flush=True)
    start = time.perf_counter()
    migrate(url)
    engine: Engine = make_engine(url)
    try:
        with engine.begin() as connection:
            seeded = seed_feedback(connection, random.Random(5), utcnow())
        if engine.dialect.name == "postgresql":
            # What autovacuum does after a bulk load (as ``bench.seed.seed``).
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        seconds = time.perf_counter() - start
        print(f"[{database}] seeded in {seconds:.1f}s", flush=True)
        with Server(f"app-feedback-{database}", "wsgi:app", app_env(url), temp_dir) as app:
            timings = measure(database, app, hello, seeded)
            return FeedbackRound(
                database,
                timings,
                app.peak_rss_mb(),
                seconds,
                app.workers_restarted(),
                app.log_problems(),
            )
    finally:
        engine.dispose()


def rows(rnd: FeedbackRound) -> tuple[list[dict], list[dict]]:
    """The latency rows (the summary against its target) and the checks (memory, errors)."""
    hello = next(t for t in rnd.timings if t.measure == "hello").median
    latencies = []
    for timing in rnd.timings:
        ratio = timing.median / hello
        target, passed = "", None
        if timing.measure == SUMMARY_MEASURE:
            target, passed = f"ratio <= {SUMMARY_TARGET:g}", ratio <= SUMMARY_TARGET
        latencies.append(
            {"database": rnd.database, "measure": timing.measure,
             "requests": len(timing.samples_ms), "median_ms": round(timing.median, 2),
             "p95_ms": round(timing.p95, 2), "ratio_to_hello": round(ratio, 2),
             "target": target, "pass": passed}
        )  # fmt: skip
    errors = sum(t.errors_5xx + t.unexpected for t in rnd.timings)
    checks = [
        ("migrate and seed (s)", round(rnd.seed_seconds, 1), "", None),
        ("5xx or unexpected answers", errors, "= 0", errors == 0),
        ("gunicorn log errors", len(rnd.log_problems), "= 0", not rnd.log_problems),
        ("workers restarted", rnd.workers_restarted, "False", not rnd.workers_restarted),
    ]
    checks += [
        (f"peak RSS worker {pid} (MB), after the XLSX and PDF", round(mb, 1),
         f"< {RSS_TARGET_MB:g}", mb < RSS_TARGET_MB)
        for pid, mb in sorted(rnd.rss_mb.items())
    ]  # fmt: skip
    return latencies, [
        {"database": rnd.database, "check": n, "value": v, "target": t, "pass": p}
        for n, v, t, p in checks
    ]


def publish(rounds: list[FeedbackRound], skipped: dict[str, str], load: dict) -> dict:
    """Print the feedback measures and write ``bench/results/feedback.json``."""
    from bench.report import publish_round

    headings = ("Feedback latency", "Feedback memory and errors")
    return publish_round(
        "feedback", headings, rounds, rows, skipped, load, {"responses": RESPONSES}
    )
