"""Recording who did what in the audit log."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from booking.audit.actions import ensure_known
from booking.audit.models import AuditEntry


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    now: datetime,
    **details,
) -> AuditEntry:
    """Add an entry to the caller's transaction: it is written with the change it records, or
    not at all. ``actor_id`` None means the command line. ``details`` hold ids and labels,
    never what a person typed about themselves. An event's entry about something else (a
    booking of it) names it in ``event_id``, so the event's history finds it.

    Raises UnknownAction (a ValueError: a programming error) for an action or subject type not
    listed in ``audit.actions``."""
    ensure_known(action, subject_type)
    entry = AuditEntry(
        at=now,
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details,
    )
    session.add(entry)
    return entry


def record_all(session: Session, entries: Sequence[dict]) -> None:
    """Write many entries at once (a phone's batch of check-ins), in one statement: each a
    dict of ``record``'s keyword arguments, details under "details". Raises UnknownAction as
    ``record`` does."""
    for entry in entries:
        ensure_known(entry["action"], entry["subject_type"])
    if entries:
        session.execute(insert(AuditEntry), [_row(**entry) for entry in entries])


def _row(*, actor_id, action, subject_type, subject_id, now, details) -> dict:
    return {
        "at": now,
        "actor_id": actor_id,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "details": details,
    }
