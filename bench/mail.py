"""The email outbox, in-process on the round's seeded database before gunicorn starts.

What enqueueing adds to a booking POST: the POST enqueues exactly one message (``book_place``
calls ``notifications.booked``, which adds one outbox row, INSERTed by a flush), and everything
else it does it would do without email. So the cost of that outbox work, set beside the POST's
median from the same round's server measurement, is the share email adds. Two estimates:

- isolated: ``notifications.booked`` + ``flush`` on a loaded confirmed booking in a writer
  transaction (``BEGIN IMMEDIATE`` on SQLite, like the POST's), committed untimed; median of
  200. It leaves out what the extra row adds to the commit (WAL bytes). Its messages are deleted
  afterwards. (Not rolled back: on PostgreSQL a rollback also drops the connection's prepared
  statements, so the INSERT would be parsed and planned every time, which a POST's is not.)
- A/B: ``book_place`` + commit, alternately as is and with ``notifications.booked`` replaced in
  this process by a no-op (the app's code is untouched); 200 each; difference of the medians.
  It includes the commit, but is the difference of two noisy figures. Its bookings (and
  their outbox rows) are deleted afterwards, so gunicorn meets the seeded data.

The verdict takes the larger, so noise cannot pass it. Timing in-process leaves out HTTP and
gunicorn, which the enqueue does not touch, so it is the numerator only; the denominator is the
real POST.

One worker's delivery throughput is measured by ``bench.delivery``, called from here.
"""

import random
import statistics
import time
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import joinedload

from bench.delivery import BATCH_SIZE, MESSAGES, time_delivery
from bench.seed import Seeded
from booking.bookings import notifications, services
from booking.core.clock import utcnow
from booking.db import make_sessions
from booking.models import Booking, BookingStatus, OutboxMessage, User

WARMUP = 20
REPETITIONS = 200
SHARE_TARGET = 0.10
AB_PERSON = "bench-0@example.org"  # a seeded person; the A/B books events they have not


@dataclass
class MailFigures:
    enqueue_ms: float
    with_ms: float
    without_ms: float
    messages: int
    seconds: float
    sent: int
    retrying: int
    failed: int
    received: int
    distinct_ids: int
    matching_ids: int

    @property
    def added_ms(self) -> float:
        return max(self.enqueue_ms, self.with_ms - self.without_ms)

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds


def measure(database: str, engine: Engine, seeded: Seeded) -> MailFigures:
    sessions = make_sessions(engine)
    readers, writers = sessions.reader, sessions.writer
    rng = random.Random(5)
    with readers() as session:
        confirmed = list(
            session.scalars(
                select(Booking.id)
                .where(Booking.status == BookingStatus.CONFIRMED)
                .order_by(Booking.id)
            )
        )
    print(f"[{database}] timing the outbox work of a booking…", flush=True)
    enqueue_ms = time_enqueue(writers, rng.sample(confirmed, WARMUP + REPETITIONS))
    with_ms, without_ms = time_book_place(readers, writers, seeded.event_ids, rng)
    print(f"[{database}] delivering {MESSAGES} confirmations over SMTP…", flush=True)
    delivery = time_delivery(readers, writers, rng.sample(confirmed, MESSAGES))
    return MailFigures(enqueue_ms, with_ms, without_ms, **delivery)


def time_enqueue(writers, booking_ids: list[int]) -> float:
    """Median ms of ``notifications.booked`` + flush, each in a transaction committed untimed;
    the messages are deleted afterwards."""
    samples = []
    try:
        for booking_id in booking_ids:
            with writers() as session:
                # loaded with its person and event, as the POST has them when it enqueues
                booking = session.get(
                    Booking,
                    booking_id,
                    options=[joinedload(Booking.person), joinedload(Booking.event)],
                )
                now = utcnow()
                start = time.perf_counter()
                notifications.booked(session, booking, now=now)
                session.flush()
                samples.append((time.perf_counter() - start) * 1000)
                session.commit()
    finally:
        with writers() as session:
            session.execute(delete(OutboxMessage).where(OutboxMessage.booking_id.in_(booking_ids)))
            session.commit()
    return statistics.median(samples[WARMUP:])


def _no_email(*_args, **_kwargs) -> None:
    return None


def time_book_place(readers, writers, event_ids: list[int], rng) -> tuple[float, float]:
    """Median ms of ``book_place`` + commit with and without the enqueue, interleaved."""
    with readers() as session:
        person_id = session.scalar(select(User.id).where(User.email == AB_PERSON))
        taken = set(session.scalars(select(Booking.event_id).where(Booking.person_id == person_id)))
    events = rng.sample([e for e in event_ids if e not in taken], 2 * (WARMUP + REPETITIONS))
    samples: dict[bool, list[float]] = {True: [], False: []}
    made: list[int] = []
    real = notifications.booked
    try:
        for i, event_id in enumerate(events):
            with_email = i % 2 == 0
            notifications.booked = real if with_email else _no_email
            start = time.perf_counter()
            with writers() as session:
                booked = services.book_place(
                    session, event_id=event_id, person_id=person_id, now=utcnow()
                )
                session.commit()
            elapsed = (time.perf_counter() - start) * 1000
            made.append(booked.booking_id)
            if i >= 2 * WARMUP:
                samples[with_email].append(elapsed)
    finally:
        notifications.booked = real
        with writers() as session:
            session.execute(delete(OutboxMessage).where(OutboxMessage.booking_id.in_(made)))
            session.execute(delete(Booking).where(Booking.id.in_(made)))
            session.commit()
    return statistics.median(samples[True]), statistics.median(samples[False])


def rows(figures: MailFigures, post_median_ms: float) -> list[tuple]:
    """(figure, value, target, verdict) for the report."""
    f, n = figures, figures.messages
    share = f.added_ms / post_median_ms
    got = (f.sent, f.retrying, f.failed, f.received, f.distinct_ids, f.matching_ids)
    return [
        ("enqueue: notifications.booked + flush, in-process (median ms)",
         round(f.enqueue_ms, 3), "", None),
        ("book_place + commit in-process, with / without enqueue (median ms)",
         f"{f.with_ms:.2f} / {f.without_ms:.2f} ({f.with_ms - f.without_ms:+.2f})", "", None),
        ("booking POST median, from the latency table (ms)", round(post_median_ms, 2), "", None),
        ("enqueue as share of booking POST, larger estimate (%)",
         round(100 * share, 1), f"< {100 * SHARE_TARGET:g}", share < SHARE_TARGET),
        (f"deliver {n} confirmations, 1 worker, batches of {BATCH_SIZE} (s)",
         round(f.seconds, 2), "", None),
        ("delivery throughput (messages/s)", round(f.throughput, 1), "", None),
        ("worker sent / retrying / failed", " / ".join(map(str, got[:3])), f"{n} / 0 / 0",
         got[:3] == (n, 0, 0)),
        ("SMTP received / distinct Message-IDs / matching the outbox",
         " / ".join(map(str, got[3:])), f"{n} / {n} / {n}", got[3:] == (n, n, n)),
    ]  # fmt: skip
