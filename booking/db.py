"""Engines and sessions for SQLite (default) and PostgreSQL.

SQLite runs in WAL mode with a busy timeout and foreign keys on. Sessions that write start their
transaction with ``BEGIN IMMEDIATE`` so that concurrent writers queue on the busy timeout instead of
failing with "database is locked" when a read snapshot turns stale. PostgreSQL uses row locks.
"""

from typing import NamedTuple

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 15_000


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine for the URL with the project's connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    # Connections are recycled rather than pinged before each use: a ping is a round trip on
    # every request, and a dropped connection is rare behind a stable network.
    # hide_parameters: errors are logged without their values (emails, password hashes).
    return create_engine(url, pool_recycle=1800, hide_parameters=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))


class Sessions(NamedTuple):
    """Session factories: ``reader`` for what only reads, ``writer`` for what writes (it takes
    SQLite's write lock up front)."""

    reader: sessionmaker[Session]
    writer: sessionmaker[Session]


def make_sessions(engine: Engine) -> Sessions:
    """The reader and writer session factories of an engine.

    On PostgreSQL readers run in autocommit: a page that only reads needs no transaction, and
    leaving out BEGIN and ROLLBACK saves two round trips per request.
    """
    autocommit = engine.dialect.name == "postgresql"
    reading = engine.execution_options(isolation_level="AUTOCOMMIT") if autocommit else engine
    return Sessions(
        reader=sessionmaker(reading, expire_on_commit=False),
        writer=sessionmaker(
            engine.execution_options(sqlite_begin="BEGIN IMMEDIATE"), expire_on_commit=False
        ),
    )
