"""The timed scenarios: pages, sequential booking POSTs, and the booking rush."""

import queue
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.client import BenchError, Client, Response, error_message

WARMUP = 20
PAGE_REQUESTS = 300
BOOKING_POSTS = 200
RUSH_CLIENTS = 8
STACK_MEASURE = "signed-in POST, nothing booked (app stack)"
SEARCH_MEASURE = "GET /events?q=…"
# What people type into the catalogue's search, among the seed's topics (bench.seed.TOPICS):
# one word, two words in any order, a hyphen, and words found in no event.
SEARCHES = ("neglect", "abuse domestic", "online-harms", "safeguarding lead", "cookery")


@dataclass
class Timing:
    """Latencies of one measure and the status codes it met."""

    measure: str
    samples_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    unexpected: int = 0

    def add(self, response: Response, ok: bool) -> None:
        self.samples_ms.append(response.seconds * 1000)
        self.statuses[response.status] += 1
        self.unexpected += 0 if ok else 1

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[max(round(0.95 * len(ordered)) - 1, 0)]

    @property
    def errors_5xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


def time_gets(
    measure: str, client: Client, paths: Callable[[int], str], count: int = PAGE_REQUESTS
) -> Timing:
    """``WARMUP`` untimed GETs, then ``count`` timed ones; each must answer 200."""
    for i in range(WARMUP):
        client.get(paths(i))
    timing = Timing(measure)
    for i in range(count):
        response = client.get(paths(WARMUP + i))
        timing.add(response, response.status == 200)
    return timing


def search_path(i: int) -> str:
    """The catalogue searched for the ``i``th search, in turn."""
    return "/events?" + urlencode({"q": SEARCHES[i % len(SEARCHES)]})


def time_posts(
    measure: str, client: Client, paths: Callable[[int], str], count: int = BOOKING_POSTS
) -> Timing:
    """``WARMUP`` untimed POSTs with no fields, then ``count`` timed ones; each must book."""
    for i in range(WARMUP):
        client.post(paths(i), {})
    timing = Timing(measure)
    for i in range(count):
        response = client.post(paths(WARMUP + i), {})
        timing.add(response, booked(response))
    return timing


def booked(response: Response) -> bool:
    """A booking POST that worked: 302 to the new ticket, or for a conference to choosing its
    workshops (errors redirect to the event page)."""
    return response.status == 302 and response.location.endswith(("/ticket", "/workshops"))


def time_booking_posts(client: Client, event_ids: list[int], count: int = BOOKING_POSTS) -> Timing:
    """One signed-in person books ``WARMUP + count`` different events, one after another."""
    if len(event_ids) < WARMUP + count:
        raise BenchError("not enough events to book")
    return time_signed_in_posts(
        "booking POST",
        client,
        lambda i: f"/events/{event_ids[i]}/book",
        booked,
        token_page=f"/events/{event_ids[0]}",
        count=count,
    )


def time_signed_in_posts(
    measure: str,
    client: Client,
    paths: Callable[[int], str],
    ok: Callable[[Response], bool],
    *,
    token_page: str,
    count: int = BOOKING_POSTS,
) -> Timing:
    """``WARMUP + count`` form POSTs, with the CSRF token of ``token_page``, one after another.

    Only the POST is timed. Its redirect is then followed untimed, as a browser would, so the flash
    message is shown and the session cookie does not grow with every POST.
    """
    token = client.csrf_token(token_page)
    timing = Timing(measure)
    for i in range(WARMUP + count):
        response = client.post(paths(i), {"csrf_token": token})
        if i >= WARMUP:
            timing.add(response, ok(response))
        page = client.follow(response) if response.status == 302 else None
        if i == 0 and not ok(response):  # timing refusals would measure the wrong thing
            why = error_message(page) if page else ""
            raise BenchError(
                f"{measure} refused: {response.status} to {response.location!r} {why}".strip()
            )
    return timing


def sign_in_all(port: int, emails: list[str], password: str, csrf_path: str) -> list[tuple]:
    """(client, booking csrf token) per person, signed in concurrently before any timing."""
    people: queue.Queue = queue.Queue()
    for email in emails:
        people.put(email)
    ready: list[tuple] = []
    failures: list[BaseException] = []

    def work() -> None:
        while not failures:
            try:
                email = people.get_nowait()
            except queue.Empty:
                return
            client = Client(port)
            try:
                client.sign_in(email, password)
                ready.append((client, client.csrf_token(csrf_path)))
            except Exception as error:  # reported below, in the main thread
                failures.append(error)

    _run_threads(work)
    if failures:
        raise BenchError(f"signing in the rush failed: {failures[0]!r}")
    return ready


@dataclass
class Rush:
    timing: Timing
    seconds: float

    @property
    def throughput(self) -> float:
        return len(self.timing.samples_ms) / self.seconds


def rush(event_id: int, people: list[tuple]) -> Rush:
    """``RUSH_CLIENTS`` clients book the same event for everyone in ``people``, each person once."""
    pending: queue.Queue = queue.Queue()
    for person in random.Random(7).sample(people, len(people)):
        pending.put(person)
    timing = Timing("rush booking POST")
    lock = threading.Lock()
    failures: list[BaseException] = []

    def work() -> None:
        while True:
            try:
                client, token = pending.get_nowait()
            except queue.Empty:
                return
            try:
                response = client.post(f"/events/{event_id}/book", {"csrf_token": token})
            except Exception as error:
                failures.append(error)
                continue
            with lock:
                timing.add(response, booked(response))

    start = time.perf_counter()
    _run_threads(work)
    seconds = time.perf_counter() - start
    if failures:
        raise BenchError(f"{len(failures)} rush requests failed: {failures[0]!r}")
    return Rush(timing, seconds)


def _run_threads(work: Callable[[], None]) -> None:
    threads = [threading.Thread(target=work, daemon=True) for _ in range(RUSH_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
