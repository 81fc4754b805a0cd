"""Starting gunicorn on a free port, waiting for it, reading its workers' memory, stopping it."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from bench.client import BenchError, Client

REPO_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = REPO_ROOT / ".venv" / "bin" / "gunicorn"
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``gunicorn -w 2 -b 127.0.0.1:PORT <app>`` run from the repository root; stderr to a file."""

    def __init__(self, name: str, app: str, env: dict[str, str], log_dir: Path):
        self.name = name
        self.app = app
        self.env = {**os.environ, **env}
        self.port = free_port()
        self.log_path = log_dir / f"gunicorn-{name}.log"
        self.process: subprocess.Popen | None = None
        self.started_workers: list[int] = []

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def start(self, ready_path: str = "/", timeout: float = 30.0) -> None:
        command = [str(GUNICORN), "-w", str(WORKERS), "-b", f"127.0.0.1:{self.port}", self.app]
        # gunicorn 27 opens a control socket at one fixed path per user; two servers (ours, or
        # someone else's) would fight over it, and the bench has no use for it.
        command.insert(1, "--no-control-socket")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us only; we stop gunicorn ourselves
            )
        self._wait_until_ready(ready_path, timeout)
        self.started_workers = self._await_workers(timeout)

    def _wait_until_ready(self, path: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn ({self.name}) exited early:\n{self.log_tail()}")
            client = Client(self.port, timeout=5)
            try:
                if client.get(path).status < 500:
                    return
            except OSError:
                time.sleep(0.1)
            finally:
                client.close()
        raise BenchError(f"gunicorn ({self.name}) did not answer in {timeout:.0f}s")

    def _await_workers(self, timeout: float) -> list[int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) >= WORKERS:
                return pids
            time.sleep(0.1)
        raise BenchError(f"gunicorn ({self.name}) did not start {WORKERS} workers")

    def worker_pids(self) -> list[int]:
        """The master's children, from /proc (Linux)."""
        pid = self.process.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return []
        return sorted(int(p) for p in text.split())

    def peak_rss_mb(self, field: str = "VmHWM") -> dict[int, float]:
        """VmHWM (peak resident set size) of each current worker, in MB (MiB); or ``VmRSS``."""
        peaks = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith(f"{field}:"):
                    peaks[pid] = int(line.split()[1]) / 1024
        return peaks

    def workers_restarted(self) -> bool:
        return self.worker_pids() != self.started_workers

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def log_problems(self) -> list[str]:
        """Lines of the log that tell of errors: tracebacks, ERROR, CRITICAL, timeouts."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return []
        marks = ("Traceback", "[ERROR]", "[CRITICAL]", "WORKER TIMEOUT", "Error:", "Exception")
        return [line for line in text.splitlines() if any(m in line for m in marks)]

    def stop(self) -> None:
        """SIGTERM (graceful), then SIGKILL to the whole group if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
