"""One SQLAlchemy session per request: a writer (BEGIN IMMEDIATE on SQLite) for POSTs."""

from flask import current_app, g, request
from sqlalchemy.orm import Session

# The one page that writes on GET: the link in the confirmation email.
GETS_THAT_WRITE = {"auth.confirm_email"}


def db() -> Session:
    """The request's session; closed (rolled back if not committed) when the request ends.

    POSTs (and GETS_THAT_WRITE) get a writer, other requests a reader (see ``booking.db``).
    """
    if "db_session" not in g:
        reader, writer = current_app.extensions["sessions"]
        writes = request.method == "POST" or request.endpoint in GETS_THAT_WRITE
        g.db_session = (writer if writes else reader)()
    return g.db_session


def close_session(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
