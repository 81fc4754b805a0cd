"""What the reports context holds about a person: their requests and roles as a training lead.
Erasing the person deletes those rows (a lead's role is theirs alone, and counts nothing)."""

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from booking.accounts.models import OrganisationLead


def erase_person(session: Session, person_id: int, now: datetime) -> None:
    """Delete the person's training lead requests and roles, whatever their state. Raises
    nothing."""
    session.execute(
        delete(OrganisationLead)
        .where(OrganisationLead.person_id == person_id)
        .execution_options(synchronize_session="fetch")
    )
