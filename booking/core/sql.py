"""SQL that SQLite and PostgreSQL spell differently, behind one name each."""

from datetime import timedelta

from sqlalchemy import ColumnElement, String, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from booking.core.models import UtcDateTime


class shifted(FunctionElement):  # noqa: N801 (reads as a function in a statement)
    """A timestamp column moved by a fixed length of time, inside the statement: ``shifted(
    Event.starts_at, -timedelta(hours=48))`` compares with another column row by row. On SQLite
    (timestamps stored as UTC text) the result is written to the millisecond, which sorts just
    before the same moment stored with microseconds, so ``column >= shifted(...)`` holds at the
    exact moment, as in Python."""

    type = UtcDateTime()
    inherit_cache = True

    def __init__(self, column: ColumnElement, delta: timedelta):
        self.seconds = int(delta.total_seconds())
        super().__init__(column, literal_column(str(self.seconds)))


@compiles(shifted)
def _shifted_default(element, compiler, **kw):
    column, seconds = list(element.clauses)
    return (
        f"({compiler.process(column, **kw)} + make_interval(secs => {compiler.process(seconds)}))"
    )


@compiles(shifted, "sqlite")
def _shifted_sqlite(element, compiler, **kw):
    column, seconds = list(element.clauses)
    return (
        f"strftime('%Y-%m-%d %H:%M:%f', {compiler.process(column, **kw)}, "
        f"'{int(seconds.name):+d} seconds')"
    )


class random_hex(FunctionElement):  # noqa: N801 (reads as a function in a statement)
    """32 random hexadecimal digits, made by the database for each row of an INSERT ... SELECT
    (an outbox message's key)."""

    type = String(32)
    inherit_cache = True


@compiles(random_hex)
def _random_hex_default(element, compiler, **kw):
    return "replace(gen_random_uuid()::text, '-', '')"


@compiles(random_hex, "sqlite")
def _random_hex_sqlite(element, compiler, **kw):
    return "lower(hex(randomblob(16)))"
