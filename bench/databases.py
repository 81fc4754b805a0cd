"""The databases under test: a fresh SQLite file, and a fresh PostgreSQL database when reachable."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
PG_NAME = "booking_bench"
PG_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_NAME}"


def postgres_reachable() -> str | None:
    """None when PostgreSQL answers at 127.0.0.1:5432 as user postgres; otherwise why not."""
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN):
            return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]


@contextmanager
def sqlite_database(temp_dir: Path) -> Iterator[str]:
    """A URL to a new SQLite file in the temporary directory (removed with the directory)."""
    yield f"sqlite:///{temp_dir / 'bench.sqlite3'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A URL to a new, empty ``booking_bench`` database, dropped afterwards."""
    _admin(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    _admin(f"CREATE DATABASE {PG_NAME}")
    try:
        yield PG_URL
    finally:
        _admin(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(sql)


def migrate(url: str) -> None:
    """Build the schema with the project's migrations (``flask db upgrade``)."""
    from booking.cli import upgrade_database

    upgrade_database(url)
