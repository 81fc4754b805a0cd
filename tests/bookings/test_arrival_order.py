"""A booking's place in the queue is the moment it got the event's lock, not the moment its
request began: on PostgreSQL, a request that waited for the lock must not go ahead of the one
that held it."""

import threading

from sqlalchemy import func, select

from booking.bookings.services import book_place
from booking.core.clock import utcnow
from booking.db import make_sessions
from booking.events.rules import lock_event
from booking.models import Booking
from tests.factories import Factory
from tests.locks import empty, until_a_transaction_waits_on_a_lock


def test_the_queue_time_is_read_after_the_event_lock(postgres_engine):
    writer = make_sessions(postgres_engine).writer
    with writer() as session:
        make = Factory(session)
        event, person = make.event(capacity=0), make.user()
        session.commit()
        event_id, person_id = event.id, person.id
    holder = writer()
    lock_event(holder, event_id)
    thread = threading.Thread(target=_book, args=(writer, event_id, person_id))
    thread.start()
    until_a_transaction_waits_on_a_lock(postgres_engine)
    released_at = utcnow()
    holder.commit()
    holder.close()
    thread.join()
    with writer() as session:
        queued_at = session.scalar(select(func.max(Booking.queued_at)))
    empty(postgres_engine)
    assert queued_at >= released_at


def _book(writer, event_id, person_id):
    with writer() as session:
        book_place(session, event_id=event_id, person_id=person_id, now=utcnow)
        session.commit()
