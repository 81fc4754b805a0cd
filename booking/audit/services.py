"""Recording and reading the audit log."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    never what a person typed about themselves. Raises nothing."""
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


def entries_about(session: Session, subject_type: str, subject_id: int) -> list[AuditEntry]:
    """What was done to one thing, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == subject_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
