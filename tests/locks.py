"""Races on PostgreSQL, made to happen: wait until a transaction is blocked on a lock, and leave
a shared database empty afterwards."""

import time

from sqlalchemy import text

from booking.models import Base

_BLOCKED = text(
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
)


def until_a_transaction_waits_on_a_lock(engine, timeout: float = 30) -> None:
    """Return once another transaction waits on a lock in this database; fail if none does.

    On SQLite the second writer waits to begin (``BEGIN IMMEDIATE``): the order is already
    decided, so there is nothing to wait for."""
    if engine.dialect.name != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            if connection.execute(_BLOCKED).scalar():
                return
            time.sleep(0.01)
    raise AssertionError("no transaction waited for the lock")


def empty(engine) -> None:
    """Delete every row of every table (the PostgreSQL database is shared by a run's tests)."""
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
