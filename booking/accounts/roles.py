"""Organisers' view of the people with accounts: finding them, and changing their role."""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from booking.accounts.changes import open_account
from booking.accounts.models import Role, User
from booking.audit.services import record
from booking.core.errors import OwnRole
from booking.core.formatting import without_control_characters

ROLE_LABELS = {
    Role.PROFESSIONAL: "Professional",
    Role.TRAINER: "Trainer",
    Role.ORGANISER: "Organiser",
}
PEOPLE_SHOWN = 50
MAX_SEARCH_LENGTH = 200


class PeopleFound(NamedTuple):
    people: list[User]  # the first PEOPLE_SHOWN, by name, then id
    total: int  # how many the text finds in all


def find_people(session: Session, *, text: str = "") -> PeopleFound:
    """Open accounts (closed ones are anonymous and left out) whose name or email address
    contains the text, any case (``%`` and ``_`` are plain characters), by name: the first
    ``PEOPLE_SHOWN`` of them and how many there are, so a long list is narrowed by searching
    rather than paged through. Raises nothing."""
    query = select(User).where(User.closed_at.is_(None))
    text = without_control_characters(text).strip()[:MAX_SEARCH_LENGTH].lower()
    if text:
        query = query.where(
            or_(
                func.lower(User.name).contains(text, autoescape=True),
                func.lower(User.email).contains(text, autoescape=True),
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    people = session.scalars(query.order_by(User.name, User.id).limit(PEOPLE_SHOWN)).all()
    return PeopleFound(list(people), total)


def change_role(
    session: Session, *, person_id: int, role: Role, actor_id: int, now: datetime
) -> User:
    """Give the person a role (professional, trainer or organiser), audited as "account.role"
    with the roles from and to; giving the role they have changes and records nothing. The
    person's open sessions keep working with the new role from their next request.

    Raises NotFound ("not_found") for an unknown or closed account, OwnRole ("own_role") when
    organisers change their own role: each organiser keeps theirs until another organiser
    changes it, so there is always one.
    """
    user = open_account(session, person_id)
    if user.role == role:
        return user
    if user.id == actor_id:
        raise OwnRole(
            "You cannot change your own role. Ask another organiser to change it.",
            field="role",
        )
    was, user.role = user.role, role
    record(
        session,
        actor_id=actor_id,
        action="account.role",
        subject_type="user",
        subject_id=user.id,
        now=now,
        **{"from": was.value, "to": role.value},
    )
    session.flush()
    return user
