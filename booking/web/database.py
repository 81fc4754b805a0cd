"""One SQLAlchemy session per request: a writer (BEGIN IMMEDIATE on SQLite) for POSTs; and
running a domain service in it."""

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from booking.core.errors import Refused
from booking.db import Sessions

T = TypeVar("T")

# The pages that write on GET: the links in the confirmation emails, and the needs page
# (each viewing of what can be health data is audited).
GETS_THAT_WRITE = {
    "auth.confirm_email",
    "auth.confirm_new_email",
    "bookings.event_needs_page",
    # The door page (when it shows anyone's needs) and the door's files: each is audited.
    "door.door",
    "door.door_list_json",
    "door.sign_in_sheet",
    "door.register_csv_file",
    "door.register_xlsx_file",
    # The feedback files: each download is audited.
    "feedback.responses_csv",
    "feedback.responses_xlsx",
    "feedback.summary_xlsx",
    "feedback.summary_pdf_file",
    "feedback.compare_xlsx",
    # A certificate of attendance is issued, and audited, on its first download.
    "feedback.certificate",
    # The reports' files: each taking away is audited.
    "reports.event_report_pdf",
    "reports.event_report_xlsx",
    "reports.reports_pdf",
    "reports.reports_xlsx",
    # The network's messages report as a file: audited.
    "network.notice_report_file",
    # The pupils' survey's results files: each download is audited.
    "network.survey_results_file",
    "network.lead_survey_results_file",
}


class ReadingSession(Session):
    """The session of a request that only reads.

    On PostgreSQL it runs in autocommit, where a flushed change would be written at once,
    outside any transaction; so flushing a change raises instead. A GET that must write belongs
    in GETS_THAT_WRITE.
    """


class WriteOnReadingSession(RuntimeError):
    """A request that reads only tried to write."""


@event.listens_for(ReadingSession, "before_flush")
def _refuse_to_write(session: Session, _context, _instances) -> None:
    # Only called when there is something to flush.
    where = f"{request.method} {request.endpoint}" if has_request_context() else "A reader"
    raise WriteOnReadingSession(
        f"{where} tried to write on a reading session; "
        "POST instead, or list the endpoint in GETS_THAT_WRITE"
    )


def db() -> Session:
    """The request's session; closed (rolled back if not committed) when the request ends.

    POSTs (and GETS_THAT_WRITE) get a writer, other requests a reader (see ``booking.db``).
    """
    if "db_session" not in g:
        writes = request.method == "POST" or request.endpoint in GETS_THAT_WRITE
        g.db_session = (_writer() if writes else _reader())()
    return g.db_session


def carry_out(service: Callable[..., T], /, *args, **kwargs) -> T:
    """Call a domain service with the request's session and commit what it did.

    A refusal rolls the session back (so what the view shows next is what is stored) and is
    raised again, for the view to show. ``NotFound`` and ``NotAllowed`` pass through to the
    error handlers, and the session is rolled back when the request ends.
    """
    try:
        result = service(db(), *args, **kwargs)
    except Refused:
        db().rollback()
        raise
    db().commit()
    return result


def sessions() -> Sessions:
    return current_app.extensions["sessions"]


def _writer() -> sessionmaker[Session]:
    return sessions().writer


def _reader() -> sessionmaker[ReadingSession]:
    return current_app.extensions["reading_sessions"]


def close_session(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask) -> None:
    """The app's reader sessions made ReadingSessions, and every request's session closed."""
    plain = app.extensions["sessions"].reader
    app.extensions["reading_sessions"] = sessionmaker(class_=ReadingSession, **plain.kw)
    app.teardown_appcontext(close_session)
