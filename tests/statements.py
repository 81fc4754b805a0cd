"""Counting the SQL statements a piece of code sends, to show a page or a batch costs the same
whatever its size."""

from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def statements_sent(engine):
    """Yields the list of statements sent on the engine inside the block."""
    sent: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", listener)
