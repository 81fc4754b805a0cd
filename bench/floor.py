"""A second baseline, on PostgreSQL only: a bare Flask app whose POST runs a booking's SQL and
nothing else.

Each POST makes the round trips a booking POST makes, with psycopg: BEGIN, the signed-in
person, the event's lock (with its conference), the person, the event's places, the person's
booking row, the booking INSERT, the outbox INSERT and COMMIT. The statements are written here
from the models' public tables to match what the app sends (``tests/test_bench_floor.py``
checks the rows they write are a booking's); there is no ORM, form, session, CSRF check or
template, and no decision (every row is a waiting-list place, so no event is ever oversold).
Its ratio to hello is what the database alone costs a booking on this machine: the part of
the booking POST's ratio that no change to the app's Python can remove. It has no target.

Configured by the environment: ``FLOOR_DSN`` (a libpq connection string) and
``FLOOR_PERSON_ID`` (a person with no bookings).
"""

import os
import secrets
from datetime import UTC, datetime
from enum import Enum

import psycopg
from flask import Flask, redirect
from psycopg.types.json import Jsonb
from sqlalchemy import bindparam, insert, or_, select
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

from booking.bookings.emails import BookingEmail
from booking.bookings.places import places_taken
from booking.bookings.tickets import new_ticket_token
from booking.models import Booking, BookingStatus, Event, MessageStatus, OutboxMessage, User

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
        "ticket_token": new_ticket_token(),
        "queued_at": now,
        "created_at": now,
        "updated_at": now,
        "cancelled_at": None,
        "access_needs": "",  # the model's Python-side defaults, which the compiled INSERT names
        "dietary_needs": "",
        "notes_for_trainer": "",
        "sequence": 0,
        "left_waiting_list": False,
        "walk_in": False,
        "cancel_reason": "",
    }


def _message_row(person_id: int, booking_id: int, event_id: int, now: datetime) -> dict:
    return {
        "kind": BookingEmail.WAITLIST_JOINED.value,
        "status": MessageStatus.PENDING.value,
        "message_key": secrets.token_hex(16),
        "to_address": "floor@example.org",
        "to_name": "Floor",
        "user_id": person_id,
        "booking_id": booking_id,
        "event_id": event_id,
        "payload": Jsonb({}),
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": "",
        "created_at": now,
    }


_users, _events, _bookings = User.__table__, Event.__table__, Booking.__table__
_NOW = datetime.now(UTC)
IDENTITY = _compiled(
    select(_users.c.id, _users.c.name, _users.c.role, _users.c.password_hash).where(
        _users.c.id == bindparam("user_id")
    )
)
LOCK = _compiled(
    select(_events)
    .where(
        or_(
            _events.c.id == bindparam("event_id"),
            _events.c.id
            == select(_events.c.parent_id)
            .where(_events.c.id == bindparam("event_id"))
            .scalar_subquery(),
        )
    )
    .order_by(_events.c.parent_id.is_not(None))
    .with_for_update()
)
PERSON = _compiled(select(_users).where(_users.c.id == bindparam("user_id")))
PLACES = _compiled(
    select(
        places_taken(bindparam("event_id")),
        places_taken(bindparam("event_id"), BookingStatus.WAITLISTED),
    )
)
EXISTING = _compiled(
    select(_bookings).where(
        _bookings.c.event_id == bindparam("event_id"),
        _bookings.c.person_id == bindparam("person_id"),
    )
)
INSERT_BOOKING = _compiled(
    insert(_bookings).returning(_bookings.c.id), list(_booking_row(0, 0, _NOW))
)
INSERT_MESSAGE = _compiled(insert(OutboxMessage.__table__), list(_message_row(0, 0, 0, _NOW)))

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
    person_id, now = int(os.environ["FLOOR_PERSON_ID"]), datetime.now(UTC)
    connection = _connection()
    with connection.cursor() as cursor:
        _run(cursor, IDENTITY, {"user_id": person_id}).fetchone()  # after psycopg's BEGIN
        _run(cursor, LOCK, {"event_id": event_id}).fetchall()
        _run(cursor, PERSON, {"user_id": person_id}).fetchone()
        _run(cursor, PLACES, {"event_id": event_id}).fetchone()
        _run(cursor, EXISTING, {"event_id": event_id, "person_id": person_id}).fetchone()
        row = _booking_row(event_id, person_id, now)
        (booking_id,) = _run(cursor, INSERT_BOOKING, row).fetchone()
        _run(cursor, INSERT_MESSAGE, _message_row(person_id, booking_id, event_id, now))
    connection.commit()
    return redirect(f"/bookings/{booking_id}/ticket")
