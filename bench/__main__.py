"""``python -m bench``: run every round, always stop the servers, print and save the report.

Exit status: 0 when the bench ran (missed targets included), 2 when it could not run, 130 on
Ctrl-C.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench.client import BenchError
from bench.databases import postgres_database, postgres_reachable, sqlite_database
from bench.report import RESULTS, publish
from bench.run import run_round
from bench.servers import Server


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="booking-bench-") as temp:
        temp_dir = Path(temp)
        try:
            return _run(temp_dir)
        except BenchError as error:
            print(f"bench failed: {error}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("bench interrupted; servers stopped", file=sys.stderr)
            return 130
        finally:
            _keep_logs(temp_dir)


def _run(temp_dir: Path) -> int:
    rounds, skipped = [], {}
    load = {"cpus": os.cpu_count(), "start": os.getloadavg()[0]}
    with Server("hello", "bench.hello:app", {}, temp_dir) as hello:
        with sqlite_database(temp_dir) as url:
            rounds.append(run_round("sqlite", url, hello, temp_dir))
        reason = postgres_reachable()
        if reason is None:
            with postgres_database() as url:
                rounds.append(run_round("postgresql", url, hello, temp_dir))
        else:
            skipped["postgresql"] = f"not reachable at 127.0.0.1:5432: {reason}"
        hello_rss = hello.peak_rss_mb()
    publish(rounds, hello_rss, skipped, load)
    return 0


def _keep_logs(temp_dir: Path) -> None:
    """Copy gunicorn's logs next to latest.json before the temporary directory goes."""
    RESULTS.mkdir(exist_ok=True)
    for log in temp_dir.glob("gunicorn-*.log"):
        shutil.copy(log, RESULTS / log.name)


if __name__ == "__main__":
    sys.exit(main())
