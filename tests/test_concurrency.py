"""Several processes book the last places of one event at once, through the whole app.

On SQLite and PostgreSQL: never oversold, never a 5xx, and the waiting list keeps each
person's arrival order.
"""

import multiprocessing
from datetime import timedelta

from sqlalchemy import select

from booking.accounts.passwords import hash_password
from booking.bookings.places import waitlist_position
from booking.bookings.tickets import new_ticket_token
from booking.cli import upgrade_database
from booking.core.clock import utcnow
from booking.db import make_engine, make_sessions
from booking.models import Booking, BookingStatus, Event, EventKind, EventStatus, User

PROCESSES = 4
PEOPLE_PER_PROCESS = 8
CAPACITY = 12
ALREADY_BOOKED = 9
PASSWORD = "concurrency test password"


def _book_in_process(database_url, emails, event_id, start, results):
    """One worker: sign each person in, wait for the others, then book one after another."""
    from booking import create_app
    from tests.conftest import app_config
    from tests.factories import CHEAP_HASHING
    from tests.web_client import WebClient

    app = create_app(app_config(DATABASE_URL=database_url, PASSWORD_HASH_COSTS=CHEAP_HASHING))
    clients = []
    for email in emails:
        client = WebClient(app)
        client.sign_in(email, PASSWORD)
        clients.append((client, client.csrf(f"/events/{event_id}")))
    start.wait(timeout=60)
    statuses = [
        client.post(f"/events/{event_id}/book", {"csrf_token": token}, csrf=False).status_code
        for client, token in clients
    ]
    results.put((emails, statuses))


def _arrange(database_url):
    upgrade_database(database_url)
    engine = make_engine(database_url)
    writer = make_sessions(engine).writer
    now = utcnow()
    password_hash = hash_password(PASSWORD)
    with writer() as session:
        event = Event(
            kind=EventKind.TRAINING_DAY,
            title="Last places",
            capacity=CAPACITY,
            status=EventStatus.PUBLISHED,
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=6),
            created_at=now,
            updated_at=now,
        )
        people = [
            User(
                email=f"p{i}@example.org",
                name=f"Person {i}",
                password_hash=password_hash,
                email_confirmed_at=now,
                created_at=now,
            )
            for i in range(ALREADY_BOOKED + PROCESSES * PEOPLE_PER_PROCESS)
        ]
        session.add_all([event, *people])
        session.flush()
        session.add_all(
            Booking(
                event_id=event.id,
                person_id=p.id,
                status=BookingStatus.CONFIRMED,
                ticket_token=new_ticket_token(),
                queued_at=now,
                created_at=now,
                updated_at=now,
            )
            for p in people[:ALREADY_BOOKED]
        )
        session.commit()
        emails = [p.email for p in people[ALREADY_BOOKED:]]
        return engine, writer, event.id, emails


def test_concurrent_bookings_never_oversell_and_keep_the_queue(database_url):
    engine, writer, event_id, emails = _arrange(database_url)
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    groups = [emails[i::PROCESSES] for i in range(PROCESSES)]
    workers = [
        context.Process(
            target=_book_in_process, args=(database_url, group, event_id, start, results)
        )
        for group in groups
    ]
    for worker in workers:
        worker.start()
    start.set()
    outcomes = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    assert all(status == 302 for _emails, statuses in outcomes for status in statuses)
    with writer() as session:
        bookings = session.scalars(select(Booking).where(Booking.event_id == event_id)).all()
        by_status = {
            status: [b for b in bookings if b.status == status] for status in BookingStatus
        }
        assert len(by_status[BookingStatus.CONFIRMED]) == CAPACITY
        waiting = by_status[BookingStatus.WAITLISTED]
        assert len(waiting) == PROCESSES * PEOPLE_PER_PROCESS - (CAPACITY - ALREADY_BOOKED)
        positions = {b.person.email: waitlist_position(session, b) for b in waiting}
        assert sorted(positions.values()) == list(range(1, len(waiting) + 1))
        for group in groups:  # each process booked its people one after another
            queued = [positions[email] for email in group if email in positions]
            assert queued == sorted(queued)
    engine.dispose()
