"""Targets, the printed tables and ``bench/results/latest.json``."""

import json
import platform
from datetime import UTC, datetime
from pathlib import Path

from bench import delivery, door, mail, measures, reports
from bench.run import DoorRound, Round

RESULTS = Path(__file__).resolve().parent / "results"
RATIO_TARGETS = {
    "GET /events": 8.0,
    measures.SEARCH_MEASURE: 8.0,
    "GET /events/<id>": 8.0,
    door.LIST_MEASURE: door.LIST_TARGET,
    reports.REPORTS_MEASURE: reports.TARGET,
    reports.EVENT_REPORT_MEASURE: reports.TARGET,
}
# The booking POST against a signed-in POST that books nothing, served by the same app in the
# same round (``bench.stack``): what booking adds to what any signed-in POST costs.
STACK_TARGETS = {"booking POST": 3.0, door.SCAN_MEASURE: door.STACK_TARGET}
RSS_TARGET_MB = 150.0


def latency_rows(rnd: Round) -> list[dict]:
    """One row per latency measure of the round, its rush included (``timing_rows``)."""
    return timing_rows(rnd.database, [*rnd.timings, rnd.rush.timing])


def timing_rows(database: str, timings: list[measures.Timing]) -> list[dict]:
    """One row per latency measure: median, p95, ratio to this round's hello, target, verdict."""
    hello = next(t for t in timings if t.measure == "hello").median
    stack = next(t for t in timings if t.measure == measures.STACK_MEASURE).median
    rows = []
    for timing in timings:
        ratio = timing.median / hello
        target, passed = "", None
        if limit := RATIO_TARGETS.get(timing.measure):
            target, passed = f"ratio <= {limit:g}", ratio <= limit
        elif limit := STACK_TARGETS.get(timing.measure):
            to_stack = timing.median / stack
            target = f"<= {limit:g}x app stack ({to_stack:.2f}x)"
            passed = to_stack <= limit
        rows.append(
            {
                "database": database,
                "measure": timing.measure,
                "requests": len(timing.samples_ms),
                "median_ms": round(timing.median, 2),
                "p95_ms": round(timing.p95, 2),
                "ratio_to_hello": round(ratio, 2),
                "target": target,
                "pass": passed,
                "statuses": {str(k): v for k, v in sorted(timing.statuses.items())},
                "unexpected": timing.unexpected,
            }
        )
    return rows


HELLO_DRIFT_LIMIT = 0.15


def hello_drift(latencies: list[dict]) -> dict[str, float]:
    """Rounds whose hello at the end differs from their first by more than the limit."""
    medians = {(r["database"], r["measure"]): r["median_ms"] for r in latencies}
    drifts = {}
    for (database, measure), first in medians.items():
        if measure == "hello":
            drift = medians[(database, "hello, end of round")] / first - 1
            if abs(drift) > HELLO_DRIFT_LIMIT:
                drifts[database] = drift
    return drifts


def check_rows(rnd: Round) -> list[dict]:
    """Rush outcome, errors and memory, each against its target."""
    c, rush = rnd.check, rnd.rush
    errors_5xx = sum(t.errors_5xx for t in [*rnd.timings, rush.timing])
    unexpected = sum(t.unexpected for t in [*rnd.timings, rush.timing])
    waiting = len(rush.timing.samples_ms) - c.capacity
    rows = [(f"{name} (s)", round(sec, 1), "", None) for name, sec in rnd.phase_seconds.items()]
    rows += [
        ("rush total time (s)", round(rush.seconds, 2), "", None),
        ("rush throughput (bookings/s)", round(rush.throughput, 1), "", None),
        ("rush confirmed", c.confirmed, f"= {c.capacity}", c.confirmed == c.capacity),
        ("rush waitlisted", c.waitlisted, f"= {waiting}", c.waitlisted == waiting),
        ("rush people booked once", f"{c.people}/{c.rows}", "400/400", c.people == c.rows == 400),
        ("events oversold (whole db)", c.oversold_events, "= 0", c.oversold_events == 0),
        ("5xx responses (whole round)", errors_5xx, "= 0", errors_5xx == 0),
        ("other unexpected answers", unexpected, "= 0", unexpected == 0),
        ("gunicorn log errors", len(rnd.log_problems), "= 0", not rnd.log_problems),
        ("workers restarted", rnd.workers_restarted, "False", not rnd.workers_restarted),
    ]
    for pid, mb in sorted(rnd.rss_mb.items()):
        before = rnd.rss_before_sign_in_mb.get(pid, 0)
        note = f" [before sign-ins {before:.0f}, at end {rnd.rss_now_mb.get(pid, 0):.0f}]"
        name = f"peak RSS worker {pid} (MB){note}"
        rows.append((name, round(mb, 1), f"< {RSS_TARGET_MB:g}", mb < RSS_TARGET_MB))
    return [
        {"database": rnd.database, "check": n, "value": v, "target": t, "pass": p}
        for n, v, t, p in rows
    ]


def door_rows(rnd: Round | DoorRound) -> list[dict]:
    """The sync's throughput and statements (``bench.door``)."""
    if rnd.door is None:
        return []
    return [
        {"database": rnd.database, "check": n, "value": v, "target": t, "pass": p}
        for n, v, t, p in door.rows(rnd.door)
    ]


def email_rows(rnd: Round) -> list[dict]:
    """The outbox's cost in a booking POST and one worker's delivery rate (``bench.mail``)."""
    if rnd.email is None:
        return []
    post = next(t for t in rnd.timings if t.measure == "booking POST").median
    return [
        {"database": rnd.database, "check": n, "value": v, "target": t, "pass": p}
        for n, v, t, p in mail.rows(rnd.email, post)
    ]


def hello_rss_rows(hello_rss: dict[int, float]) -> list[dict]:
    return [
        {"database": "-", "check": f"hello peak RSS worker {pid} (MB)", "value": round(mb, 1),
         "target": "", "pass": None}
        for pid, mb in sorted(hello_rss.items())
    ]  # fmt: skip


def _verdict(value) -> str:
    return "" if value is None else ("PASS" if value else "FAIL")


def table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """A plain text table; ``columns`` are (key, heading)."""
    cells = [[h for _, h in columns]]
    cells += [[_verdict(r[k]) if k == "pass" else str(r[k]) for k, _ in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


LATENCY_COLUMNS = [
    ("database", "database"), ("measure", "measure"), ("requests", "n"),
    ("median_ms", "median ms"), ("p95_ms", "p95 ms"), ("ratio_to_hello", "ratio to hello"),
    ("target", "target"), ("pass", "result"),
]  # fmt: skip
CHECK_COLUMNS = [
    ("database", "database"), ("check", "figure"), ("value", "value"), ("target", "target"),
    ("pass", "result"),
]  # fmt: skip


def publish(
    rounds: list[Round], hello_rss: dict[int, float], skipped: dict[str, str], load: dict
) -> dict:
    """Print both tables and write the JSON; returns the JSON data.

    ``load`` holds the CPU count and the 1-minute load average before the bench started anything:
    figures taken on a machine busy with other work are noisy, so the report says so.
    """
    latencies = [row for rnd in rounds for row in latency_rows(rnd)]
    checks = [row for rnd in rounds for row in check_rows(rnd) + door_rows(rnd)]
    checks += hello_rss_rows(hello_rss)
    emails = [row for rnd in rounds for row in email_rows(rnd)]
    print("\nLatency (gunicorn -w 2 sync workers; ratio = median / hello median of the same round)")
    print(table(latencies, LATENCY_COLUMNS))
    print("\nRush, errors and memory")
    print(table(checks, CHECK_COLUMNS))
    print("\nEmail outbox (in-process on the round's database; delivery over SMTP to 127.0.0.1)")
    print(table(emails, CHECK_COLUMNS))
    _notes(rounds, skipped, load, latencies)
    _verdicts(latencies + checks + emails)
    data = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "load_average": load,
        "settings": {
            "workers": 2,
            "warmup": measures.WARMUP,
            "page_requests": measures.PAGE_REQUESTS,
            "booking_posts": measures.BOOKING_POSTS,
            "rush_clients": measures.RUSH_CLIENTS,
            "email_repetitions": mail.REPETITIONS,
            "email_messages": delivery.MESSAGES,
            "email_batch_size": delivery.BATCH_SIZE,
        },  # fmt: skip
        "latency": latencies,
        "hello_drift_beyond_limit": hello_drift(latencies),
        "checks": checks,
        "email": emails,
        "skipped": skipped,
        "gunicorn_log_problems": {rnd.database: rnd.log_problems for rnd in rounds},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(f"Written to {RESULTS / 'latest.json'}")
    return data


def _notes(rounds, skipped: dict[str, str], load: dict, latencies: list[dict]) -> None:
    """Skipped databases, gunicorn's complaints, and warnings about the machine's load."""
    for database, reason in skipped.items():
        print(f"\n{database}: skipped ({reason})")
    for rnd in rounds:
        if rnd.log_problems:
            print(f"\n[{rnd.database}] gunicorn log problems (first 20):")
            print("\n".join(rnd.log_problems[:20]))
    print(f"\nLoad average (1 min) before the bench: {load['start']:.1f} on {load['cpus']} CPUs.")
    if load["start"] > 1.0:
        print("WARNING: other work was running on the machine; latencies are noisy.")
    for database, drift in hello_drift(latencies).items():
        print(
            f"WARNING: [{database}] hello moved by {drift:+.0%} between the start and the end "
            "of the round: the machine's load changed, so this round's ratios are unreliable."
        )


def _verdicts(rows: list[dict]) -> None:
    verdicts = [r["pass"] for r in rows if r["pass"] is not None]
    print(f"\n{verdicts.count(True)} targets met, {verdicts.count(False)} missed.")


def publish_round(
    name: str,
    headings: tuple[str, str],
    rounds: list,
    rows,
    skipped: dict[str, str],
    load: dict,
    figures: dict,
) -> dict:
    """Print a round's latency table and its table of checks (``rows(round)`` gives both, per
    database), the skipped databases, the load and the verdicts, and write
    ``bench/results/<name>.json`` with ``figures`` (the round's sizes) beside the rows."""
    latencies, checks = [], []
    for rnd in rounds:
        rnd_latencies, rnd_checks = rows(rnd)
        latencies += rnd_latencies
        checks += rnd_checks
    print(f"\n{headings[0]} (gunicorn -w 2 sync workers; ratio = median / hello median)")
    print(table(latencies, LATENCY_COLUMNS))
    print(f"\n{headings[1]}")
    print(table(checks, CHECK_COLUMNS))
    for database, reason in skipped.items():
        print(f"\n{database}: skipped ({reason})")
    print(f"\nLoad average (1 min) before the bench: {load['start']:.1f} on {load['cpus']} CPUs.")
    verdicts = [r["pass"] for r in latencies + checks if r["pass"] is not None]
    print(f"\n{verdicts.count(True)} targets met, {verdicts.count(False)} missed.")
    data = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": load,
        **figures,
        "latency": latencies,
        "hello_drift_beyond_limit": hello_drift(latencies),
        "checks": checks,
        "skipped": skipped,
        "gunicorn_log_problems": {rnd.database: rnd.log_problems for rnd in rounds},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(f"Written to {RESULTS / f'{name}.json'}")
    return data


def publish_door(rounds: list[DoorRound], skipped: dict[str, str], load: dict) -> dict:
    """``publish`` for the door's measures alone; writes ``door.json``, not ``latest.json``."""
    latencies = [row for rnd in rounds for row in timing_rows(rnd.database, rnd.timings)]
    checks = [row for rnd in rounds for row in door_rows(rnd) + _health_rows(rnd)]
    print("\nLatency (gunicorn -w 2 sync workers; ratio = median / hello median of the same round)")
    print(table(latencies, LATENCY_COLUMNS))
    print("\nThe door's sync, errors")
    print(table(checks, CHECK_COLUMNS))
    _notes(rounds, skipped, load, latencies)
    _verdicts(latencies + checks)
    data = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "load_average": load,
        "latency": latencies,
        "hello_drift_beyond_limit": hello_drift(latencies),
        "checks": checks,
        "skipped": skipped,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "door.json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(f"Written to {RESULTS / 'door.json'}")
    return data


def _health_rows(rnd: DoorRound) -> list[dict]:
    errors_5xx = sum(t.errors_5xx for t in rnd.timings)
    unexpected = sum(t.unexpected for t in rnd.timings)
    rows = [(f"{name} (s)", round(sec, 1), "", None) for name, sec in rnd.phase_seconds.items()]
    rows += [
        ("5xx responses (whole round)", errors_5xx, "= 0", errors_5xx == 0),
        ("other unexpected answers", unexpected, "= 0", unexpected == 0),
        ("gunicorn log errors", len(rnd.log_problems), "= 0", not rnd.log_problems),
        ("workers restarted", rnd.workers_restarted, "False", not rnd.workers_restarted),
    ]
    return [
        {"database": rnd.database, "check": n, "value": v, "target": t, "pass": p}
        for n, v, t, p in rows
    ]
