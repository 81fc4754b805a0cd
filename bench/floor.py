"""A second baseline, on PostgreSQL only: a bare Flask app whose POST runs a booking's SQL and
nothing else.

Each POST makes the booking's seven round trips with psycopg: BEGIN, the signed-in person, the
event's lock, its places, the booking INSERT, the outbox INSERT and COMMIT. The statements are
the app's own, compiled once; there is no ORM, form, session, CSRF check or template, and no
decision (every row is a waiting-list place, so no event is ever oversold). Its ratio to hello is
what the database alone costs a booking on this machine: the part of the booking POST's ratio
that no change to the app's Python can remove. It has no target.

Configured by the environment: ``FLOOR_DSN`` (a libpq connection string) and
``FLOOR_PERSON_ID`` (a person with no bookings). ``tests/test_bench_floor.py`` books through it,
so a change to the statements it borrows cannot break it unnoticed.
"""

import os
from datetime import UTC, datetime
from enum import Enum
from typing import NamedTuple

import psycopg
from flask import Flask, redirect
from psycopg.types.json import Jsonb
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

from booking.models import BookingStatus, MessageKind
from booking.services import accounts, bookings, events, outbox

_DIALECT = PGDialect_psycopg()


def _compiled(statement, column_keys: list[str] | None = None) -> tuple[str, dict]:
    """The statement's SQL for psycopg, and the values of the literals bound in it."""
    compiled = statement.compile(dialect=_DIALECT, column_keys=column_keys)
    constants = {k: v.value if isinstance(v, Enum) else v for k, v in compiled.params.items()}
    return str(compiled), {k: v for k, v in constants.items() if v is not None}


def _booking_row(event_id: int, person_id: int, now: datetime) -> dict:
    return {
        "event_id": event_id,
        "person_id": person_id,
        "status": BookingStatus.WAITLISTED.value,
        "ticket_token": bookings.new_ticket_token(),
        "queued_at": now,
        "created_at": now,
        "updated_at": now,
        "cancelled_at": None,
    }


class _Person(NamedTuple):
    id: int
    email: str = "floor@example.org"
    name: str = "Floor"


def _message_row(person: _Person, booking_id: int, event_id: int, now: datetime) -> dict:
    row = outbox._row(MessageKind.WAITLIST_JOINED, person, now, user_id=person.id)
    row |= {"booking_id": booking_id, "event_id": event_id, "payload": Jsonb(row["payload"])}
    return {k: v.value if isinstance(v, Enum) else v for k, v in row.items()}


_NOW = datetime.now(UTC)
IDENTITY = _compiled(accounts._SIGNED_IN_IDENTITY)
LOCK = _compiled(events._LOCK_EVENT_AND_PARENT)
PLACES = _compiled(bookings._PERSON_AND_PLACES)
INSERT_BOOKING = _compiled(bookings._INSERT_BOOKING, list(_booking_row(0, 0, _NOW)))
INSERT_MESSAGE = _compiled(outbox._INSERT_MESSAGE, list(_message_row(_Person(0), 0, 0, _NOW)))

app = Flask(__name__)
_connections: list[psycopg.Connection] = []  # one per worker, opened on its first request


def _connection() -> psycopg.Connection:
    if not _connections:
        _connections.append(psycopg.connect(os.environ["FLOOR_DSN"]))
    return _connections[0]


def _run(cursor: psycopg.Cursor, statement: tuple[str, dict], values: dict):
    sql, constants = statement
    return cursor.execute(sql, constants | values)


@app.post("/events/<int:event_id>/book")
def book(event_id: int):
    person, now = _Person(int(os.environ["FLOOR_PERSON_ID"])), datetime.now(UTC)
    connection = _connection()
    with connection.cursor() as cursor:
        _run(cursor, IDENTITY, {"user_id": person.id}).fetchone()  # after psycopg's BEGIN
        _run(cursor, LOCK, {"event_id": event_id}).fetchall()
        _run(cursor, PLACES, {"event_id": event_id, "person_id": person.id}).fetchone()
        row = _booking_row(event_id, person.id, now)
        (booking_id,) = _run(cursor, INSERT_BOOKING, row).fetchone()
        _run(cursor, INSERT_MESSAGE, _message_row(person, booking_id, event_id, now))
    connection.commit()
    return redirect(f"/bookings/{booking_id}/ticket")
