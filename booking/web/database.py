"""One SQLAlchemy session per request: a writer (BEGIN IMMEDIATE on SQLite) for POSTs."""

from flask import current_app, g, request
from sqlalchemy.orm import Session


def db() -> Session:
    """The request's session; closed (rolled back if not committed) when the request ends."""
    if "db_session" not in g:
        reader, writer = current_app.extensions["sessions"]
        g.db_session = (writer if request.method == "POST" else reader)()
    return g.db_session


def close_session(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
