"""Workers that die mid-batch lose nothing; two workers on PostgreSQL share without doubling."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from booking import create_app
from booking.cli import upgrade_database
from booking.config import PARTNERSHIP
from booking.core.clock import utcnow
from booking.models import MessageStatus, OutboxMessage
from tests.conftest import app_config
from tests.factories import Factory, book
from tests.outbox.conftest import Clock, SmtpServer, smtp_worker

ROOT = Path(__file__).resolve().parents[2]


def _queue_confirmations(app, count: int) -> None:
    writer = app.extensions["sessions"].writer
    with writer() as session:
        make = Factory(session)
        event = make.event(capacity=count)
        people = [make.user() for _ in range(count)]
        session.commit()
        for person in people:
            book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()


def test_a_worker_killed_mid_batch_loses_nothing(database_url):
    upgrade_database(database_url)
    app = create_app(app_config(DATABASE_URL=database_url))
    _queue_confirmations(app, 12)
    server = SmtpServer().start()
    server.relay.delay = 0.15
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "BASE_URL": "https://training.example.org",
        "BOOKING_SMTP_HOST": "127.0.0.1",
        "BOOKING_SMTP_PORT": str(server.port),
        "BOOKING_SMTP_SECURITY": "none",
        **{variable: demo_value for variable, demo_value in PARTNERSHIP.values()},
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "booking", "outbox", "deliver", "--loop"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(server.relay.received) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        assert 4 <= len(server.relay.received) < 12, "the worker was not stopped mid-batch"
        clock = Clock()
        clock.advance(minutes=10)  # the dead worker's lease has run out
        server.relay.delay = 0
        smtp_worker(app, server.port, clock).deliver_all_due()
    finally:
        if worker.poll() is None:
            worker.kill()
        server.stop()
    ids = server.relay.message_ids()
    assert len(set(ids)) == 12
    assert len(ids) - len(set(ids)) <= 1  # at most the message in flight, with the same ID
    readers = app.extensions["sessions"].reader
    with readers() as session:
        statuses = session.scalars(select(OutboxMessage.status)).all()
    assert set(statuses) == {MessageStatus.SENT}


def test_two_workers_on_postgresql_deliver_each_message_once(smtp):
    from tests.conftest import fresh_postgres_database

    with fresh_postgres_database() as url:
        upgrade_database(url)
        app = create_app(app_config(DATABASE_URL=url))
        _queue_confirmations(app, 60)
        smtp.relay.delay = 0.01
        workers = [smtp_worker(app, smtp.port) for _ in range(2)]
        reports = []
        threads = [
            threading.Thread(target=lambda w=w: reports.append(w.deliver_all_due(10)))
            for w in workers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        ids = smtp.relay.message_ids()
        assert len(ids) == len(set(ids)) == 60
        assert all(report.sent > 0 for report in reports), "both workers took a share"
        readers = app.extensions["sessions"].reader
        with readers() as session:
            assert (
                session.scalar(
                    select(func.count()).where(OutboxMessage.status == MessageStatus.SENT)
                )
                == 60
            )
        app.extensions["engine"].dispose()
