"""The network at scale (``python -m bench --only network``), seeded in bulk
(``bench.network_seed``) and served by gunicorn like the rest:

- sending a message to a network of 20,000 active subscribers: the organiser's POST
  /manage/notices/<id>/send (``when=now``), one draft notice for each request, since a notice is
  sent once. Target: median under 20× hello of the same round; the fan-out is one INSERT ...
  SELECT into the outbox, so its statements do not grow with the members
  (``tests/test_bench_network.py``).
- then, with gunicorn stopped, the outbox worker delivering the first DELIVERED of those emails
  to a local SMTP server (as ``bench.delivery``), made from the app's settings as the ``outbox``
  command makes it: the delivery rate in messages a second is printed, with no target.
- the county-wide results of a survey with 50,000 pupils' responses (13 answers each), GET
  /manage/surveys/<id>/results. Target: at most 300× hello.
"""

import random
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import Engine, func, select, text

from bench import measures
from bench.client import BenchError, Client, error_message
from bench.databases import migrate
from bench.delivery import Relay
from bench.network_seed import RESPONSES, SEND_WARMUP, SUBSCRIBERS, NetworkSeeded, seed_network
from bench.seed import PASSWORD
from bench.servers import Server, free_port
from booking.config import PARTNERSHIP
from booking.core.clock import utcnow
from booking.db import make_engine
from booking.models import OutboxMessage
from booking.network.links import notice_batch_key
from booking.network.models import Notice, NoticeStatus
from booking.outbox.worker import DeliveryReport

RESULTS_REQUESTS = 60
DELIVERED = 2_000
DELIVERY_BATCH = 50
SEND_MEASURE = "POST send a notice (20,000 subscribers)"
RESULTS_MEASURE = "GET survey results (50,000 responses)"
SEND_TARGET = 20.0
RESULTS_TARGET = 300.0
TARGETS = {SEND_MEASURE: SEND_TARGET, RESULTS_MEASURE: RESULTS_TARGET}


@dataclass
class NetworkRound:
    database: str
    timings: list[measures.Timing]
    sends: dict[str, int]
    delivery: dict[str, float]
    seed_seconds: float
    workers_restarted: bool
    log_problems: list[str] = field(default_factory=list)


def send_path(notice_id: int) -> str:
    return f"/manage/notices/{notice_id}/send"


def check_path(notice_id: int) -> str:
    return f"/manage/notices/{notice_id}/check"


_CHECKED_INPUT = re.compile(r"<input[^>]*\bname=\"checked\"[^>]*>")
_VALUE = re.compile(r"\bvalue=\"([^\"]+)\"")


def checked_version(check_page: str) -> str:
    """The version of the notice its check page shows (the send form's hidden ``checked``):
    a send carries it, so that only what was checked is sent."""
    match = _CHECKED_INPUT.search(check_page)
    value = _VALUE.search(match.group(0)) if match else None
    if value is None:
        raise BenchError("no 'checked' field on the notice's check page")
    return value.group(1)


def results_path(seeded: NetworkSeeded) -> str:
    return f"/manage/surveys/{seeded.survey_id}/results"


def sent(response) -> bool:
    """A send that worked: redirected (POST-redirect-GET) to a page of the notices, not back to
    the check page with a refusal. (``check_sends`` then counts what the database holds.)"""
    location = response.location.split("?")[0]
    return (
        response.status == 302 and "/manage/notices" in location and not location.endswith("/check")
    )


def time_sends(client: Client, notice_ids: list[int]) -> measures.Timing:
    """Send each notice now, one after another, as checked on its check page (read untimed);
    the first SEND_WARMUP untimed. Each POST's redirect is followed untimed, as a browser
    would."""
    token = client.csrf_token(check_path(notice_ids[0]))
    timing = measures.Timing(SEND_MEASURE)
    for i, notice_id in enumerate(notice_ids):
        checked = checked_version(client.get(check_path(notice_id)).body)  # untimed, as read
        fields = {"csrf_token": token, "when": "now", "checked": checked}
        response = client.post(send_path(notice_id), fields)
        if i >= SEND_WARMUP:
            timing.add(response, sent(response))
        page = client.follow(response) if response.status == 302 else None
        if i == 0 and not sent(response):  # timing refusals would measure the wrong thing
            why = error_message(page) if page else ""
            raise BenchError(
                f"sending a notice answered {response.status} {response.location!r} {why}".strip()
            )
    return timing


def measure(database: str, app: Server, hello: Server, seeded: NetworkSeeded) -> list:
    """Hello, the sends, the survey's results, and hello again, timed."""
    print(f"[{database}] timing sends to {seeded.subscribers:,} and the results…", flush=True)
    timings = [measures.time_gets("hello", Client(hello.port), lambda _i: "/")]
    organiser = Client(app.port, timeout=300.0)
    organiser.sign_in(seeded.organiser_email, PASSWORD)
    timings.append(time_sends(organiser, seeded.notice_ids))
    path = results_path(seeded)
    timings.append(
        measures.time_gets(RESULTS_MEASURE, organiser, lambda _i: path, count=RESULTS_REQUESTS)
    )
    timings.append(measures.time_gets("hello, end of round", Client(hello.port), lambda _i: "/"))
    organiser.close()
    return timings


def check_sends(engine: Engine, seeded: NetworkSeeded) -> dict[str, int]:
    """What the sends left: notices sent, each with every member as a recipient, and the
    outbox rows of their batches."""
    keys = [notice_batch_key(notice_id) for notice_id in seeded.notice_ids]
    with engine.connect() as connection:
        notices = connection.execute(
            select(Notice.status, Notice.recipients).where(Notice.id.in_(seeded.notice_ids))
        ).all()
        emails = connection.scalar(select(func.count()).where(OutboxMessage.batch_key.in_(keys)))
    return {
        "notices": len(notices),
        "sent": sum(status == NoticeStatus.SENT for status, _ in notices),
        "to everyone": sum(recipients == seeded.subscribers for _, recipients in notices),
        "emails": emails,
    }


def time_worker(url: str, messages: int = DELIVERED) -> dict[str, float]:
    """The outbox worker, made from the app's settings as the ``outbox`` command makes it and
    pointed at a local SMTP server, delivering ``messages`` of the waiting emails in batches
    of DELIVERY_BATCH; the time covers claiming, composing, sending and marking sent."""
    from booking import create_app
    from booking.outbox.wiring import worker

    relay, port = Relay(), free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    settings = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(32),
                "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_SECURITY": "none"}  # fmt: skip
    settings |= {setting: made_up for setting, (_variable, made_up) in PARTNERSHIP.items()}
    app = create_app(settings)  # every context's emails registered, as the command has them
    delivery = worker(app.config, app.extensions["sessions"])
    total = DeliveryReport()
    try:
        controller.start()
        start = time.perf_counter()
        while total.handled < messages:
            report = delivery.deliver_due(batch_size=min(DELIVERY_BATCH, messages - total.handled))
            if not report.handled:
                break
            total.add(report)
        seconds = time.perf_counter() - start
    finally:
        controller.stop(no_assert=True)
        app.extensions["engine"].dispose()
    return {"messages": messages, "sent": total.sent, "retrying": total.retrying,
            "failed": total.failed, "seconds": seconds, "received": len(relay.message_ids),
            "distinct_ids": len(set(relay.message_ids))}  # fmt: skip


def run_round(database: str, url: str, hello: Server, temp_dir: Path) -> NetworkRound:
    """Migrate, seed the network and the survey alone, serve, measure (``measure``), check the
    sends; then, with gunicorn stopped, time the worker's delivery."""
    from bench.run import app_env

    print(f"[{database}] migrating and seeding {SUBSCRIBERS:,} members, {RESPONSES:,} "
          "responses…", flush=True)  # fmt: skip
    start = time.perf_counter()
    migrate(url)
    engine: Engine = make_engine(url)
    try:
        with engine.begin() as connection:
            seeded = seed_network(connection, random.Random(15), utcnow())
        if engine.dialect.name == "postgresql":
            # What autovacuum does after a bulk load (as ``bench.seed.seed``).
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        seconds = time.perf_counter() - start
        print(f"[{database}] seeded in {seconds:.1f}s", flush=True)
        with Server(f"app-network-{database}", "wsgi:app", app_env(url), temp_dir) as app:
            timings = measure(database, app, hello, seeded)
            restarted, problems = app.workers_restarted(), app.log_problems()
        sends = check_sends(engine, seeded)
        print(f"[{database}] delivering {DELIVERED:,} of the emails over SMTP…", flush=True)
        delivery = time_worker(url)
        return NetworkRound(database, timings, sends, delivery, seconds, restarted, problems)
    finally:
        engine.dispose()


def rows(rnd: NetworkRound) -> tuple[list[dict], list[dict]]:
    """The latency rows (the send and the results against their targets) and the checks (the
    sends' outcome, delivery, errors)."""
    hello = next(t for t in rnd.timings if t.measure == "hello").median
    latencies = []
    for timing in rnd.timings:
        ratio = timing.median / hello
        target, passed = "", None
        if limit := TARGETS.get(timing.measure):
            strict = timing.measure == SEND_MEASURE  # "under 20×"; the results "at most 300×"
            target = f"ratio {'<' if strict else '<='} {limit:g}"
            passed = ratio < limit if strict else ratio <= limit
        latencies.append(
            {"database": rnd.database, "measure": timing.measure,
             "requests": len(timing.samples_ms), "median_ms": round(timing.median, 2),
             "p95_ms": round(timing.p95, 2), "ratio_to_hello": round(ratio, 2),
             "target": target, "pass": passed}
        )  # fmt: skip
    return latencies, [
        {"database": rnd.database, "check": n, "value": v, "target": t, "pass": p}
        for n, v, t, p in _checks(rnd)
    ]


def _checks(rnd: NetworkRound) -> list[tuple]:
    """(check, value, target, verdict): the sends, the delivery, errors."""
    s, d = rnd.sends, rnd.delivery
    errors = sum(t.errors_5xx + t.unexpected for t in rnd.timings)
    return [
        ("migrate and seed (s)", round(rnd.seed_seconds, 1), "", None),
        ("notices sent / to every member", f"{s['sent']} / {s['to everyone']}",
         f"{s['notices']} / {s['notices']}", s["sent"] == s["to everyone"] == s["notices"]),
        ("emails queued", s["emails"], f"= {s['notices'] * SUBSCRIBERS:,}",
         s["emails"] == s["notices"] * SUBSCRIBERS),
        (f"worker: deliver {d['messages']:,} emails, batches of {DELIVERY_BATCH} (s)",
         round(d["seconds"], 2), "", None),
        ("delivery rate (messages/s)", round(d["sent"] / d["seconds"], 1) if d["seconds"] else 0,
         "", None),
        ("worker sent / retrying / failed", f"{d['sent']} / {d['retrying']} / {d['failed']}",
         f"{d['messages']} / 0 / 0",
         (d["sent"], d["retrying"], d["failed"]) == (d["messages"], 0, 0)),
        ("SMTP received / distinct Message-IDs", f"{d['received']} / {d['distinct_ids']}",
         f"{d['sent']} / {d['sent']}", d["received"] == d["distinct_ids"] == d["sent"]),
        ("5xx or unexpected answers", errors, "= 0", errors == 0),
        ("gunicorn log errors", len(rnd.log_problems), "= 0", not rnd.log_problems),
        ("workers restarted", rnd.workers_restarted, "False", not rnd.workers_restarted),
    ]  # fmt: skip


def publish(rounds: list[NetworkRound], skipped: dict[str, str], load: dict) -> dict:
    """Print the network's measures and write ``bench/results/network.json``."""
    from bench.report import publish_round

    headings = ("Network latency", "Network sends, delivery and errors")
    figures = {"subscribers": SUBSCRIBERS, "responses": RESPONSES}
    return publish_round("network", headings, rounds, rows, skipped, load, figures)
