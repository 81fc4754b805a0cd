"""Who is an organisation's training lead: the one rule every lead's page and action asks."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.models import LeadStatus, OrganisationLead, User


def led_organisation_id(session: Session, person_id: int) -> int | None:
    """The organisation the person is the approved training lead of, or None. A lead leads the
    organisation they belong to: moving to another organisation ends it. Raises nothing."""
    return session.scalar(
        select(OrganisationLead.organisation_id)
        .join(User, User.id == OrganisationLead.person_id)
        .where(
            OrganisationLead.person_id == person_id,
            OrganisationLead.status == LeadStatus.APPROVED,
            OrganisationLead.organisation_id == User.organisation_id,
            User.closed_at.is_(None),
        )
    )


def is_lead_of(session: Session, *, person_id: int, organisation_id: int) -> bool:
    """Whether the person is the approved training lead of this organisation. Raises nothing."""
    return led_organisation_id(session, person_id) == organisation_id
