"""Reminders: queued once, at the right time, for the right people."""

import threading
from datetime import timedelta

from sqlalchemy import select

from booking.bookings.emails import BookingEmail
from booking.bookings.scheduling import schedule_reminders
from booking.models import BookingStatus, EventStatus, OutboxMessage
from tests.factories import NOW


def _kinds(session):
    return sorted(m.kind for m in session.scalars(select(OutboxMessage)))


def test_reminders_go_two_days_before_unless_the_event_says_otherwise(session, make):
    soon = make.event(starts_in=timedelta(days=1, hours=12))
    later = make.event(starts_in=timedelta(days=4))
    early_bird = make.event(starts_in=timedelta(days=4), reminder_days=5)
    for event in (soon, later, early_bird):
        make.booking(event)
    assert schedule_reminders(session, now=NOW) == 2
    reminded = {m.event_id for m in session.scalars(select(OutboxMessage))}
    assert reminded == {soon.id, early_bird.id}


def test_a_reminder_is_queued_once_however_often_the_scheduler_runs(session, make):
    make.booking(make.event(starts_in=timedelta(days=1)))
    assert schedule_reminders(session, now=NOW) == 1
    assert schedule_reminders(session, now=NOW + timedelta(seconds=30)) == 0
    assert _kinds(session) == [BookingEmail.REMINDER]


def test_no_reminders_for_waiting_cancelled_or_opted_out_people(session, make):
    event = make.event(starts_in=timedelta(days=1))
    make.booking(event, status=BookingStatus.WAITLISTED)
    make.booking(event, status=BookingStatus.CANCELLED)
    opted_out = make.user()
    opted_out.reminders_enabled = False
    make.booking(event, opted_out)
    make.booking(make.event(starts_in=timedelta(days=1), status=EventStatus.CANCELLED))
    assert schedule_reminders(session, now=NOW) == 0


def test_schedulers_on_two_machines_at_once_queue_each_reminder_once(engine):
    from booking.db import make_sessions
    from tests.factories import Factory

    writer = make_sessions(engine).writer
    with writer() as session:
        make = Factory(session)
        event = make.event(starts_in=timedelta(days=1))
        for _ in range(20):
            make.booking(event)
        session.commit()
    counts, start = [], threading.Barrier(2)

    def run():
        with writer() as session:
            start.wait()
            counts.append(schedule_reminders(session, now=NOW))
            session.commit()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 20
    with writer() as session:
        assert len(session.scalars(select(OutboxMessage)).all()) == 20
