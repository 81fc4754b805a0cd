"""``python -m bench``: run every round, then the feedback round and the network round, always
stop the servers, print and save the reports. ``python -m bench --only door``: the door's
measures alone (``bench.door``), with hello and the app stack they are compared to, on each
database. ``python -m bench --only feedback``: the feedback summary and files of an event with
100,000 responses (``bench.feedback``). ``python -m bench --only network``: sending a message
to 20,000 members, the worker's delivery rate, and a survey's results over 50,000 responses
(``bench.network``).

Exit status: 0 when the bench ran (missed targets included), 2 when it could not run, 130 on
Ctrl-C.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench import feedback, network
from bench.client import BenchError
from bench.databases import postgres_database, postgres_reachable, sqlite_database
from bench.report import RESULTS, publish, publish_door
from bench.run import run_door_round, run_round
from bench.servers import Server

SUBSETS = {
    "door": (run_door_round, publish_door),
    "feedback": (feedback.run_round, feedback.publish),
    "network": (network.run_round, network.publish),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", choices=sorted(SUBSETS), help="run only these measures")
    only = parser.parse_args(argv).only
    with tempfile.TemporaryDirectory(prefix="booking-bench-") as temp:
        temp_dir = Path(temp)
        try:
            return _run_subset(temp_dir, *SUBSETS[only]) if only else _run(temp_dir)
        except BenchError as error:
            print(f"bench failed: {error}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("bench interrupted; servers stopped", file=sys.stderr)
            return 130
        finally:
            _keep_logs(temp_dir)


def _run(temp_dir: Path) -> int:
    load = {"cpus": os.cpu_count(), "start": os.getloadavg()[0]}
    rounds, skipped, hello_rss = _each_database(temp_dir, run_round)
    publish(rounds, hello_rss, skipped, load)
    _run_subset(temp_dir, *SUBSETS["feedback"])
    return _run_subset(temp_dir, *SUBSETS["network"])


def _run_subset(temp_dir: Path, run, report) -> int:
    load = {"cpus": os.cpu_count(), "start": os.getloadavg()[0]}
    rounds, skipped, _hello_rss = _each_database(temp_dir, run)
    report(rounds, skipped, load)
    return 0


def _each_database(temp_dir: Path, run) -> tuple[list, dict[str, str], dict[int, float]]:
    """``run`` a round on SQLite, then on PostgreSQL when it is reachable, beside one hello."""
    rounds, skipped = [], {}
    with Server("hello", "bench.hello:app", {}, temp_dir) as hello:
        with sqlite_database(temp_dir) as url:
            rounds.append(run("sqlite", url, hello, temp_dir))
        reason = postgres_reachable()
        if reason is None:
            with postgres_database() as url:
                rounds.append(run("postgresql", url, hello, temp_dir))
        else:
            skipped["postgresql"] = f"not reachable at 127.0.0.1:5432: {reason}"
        return rounds, skipped, hello.peak_rss_mb()


def _keep_logs(temp_dir: Path) -> None:
    """Copy gunicorn's logs next to latest.json before the temporary directory goes."""
    RESULTS.mkdir(exist_ok=True)
    for log in temp_dir.glob("gunicorn-*.log"):
        shutil.copy(log, RESULTS / log.name)


if __name__ == "__main__":
    sys.exit(main())
