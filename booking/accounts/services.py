"""Accounts: registration by professionals, accounts made by organisers, and organisations."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.emails import AccountEmail
from booking.accounts.models import Organisation, Role, Sector, User
from booking.accounts.passwords import hash_password
from booking.audit.services import record
from booking.core.errors import EmailTaken
from booking.outbox.models import OutboxMessage
from booking.outbox.queue import enqueue

RESET_EMAIL_INTERVAL = timedelta(minutes=2)


def normalise_email(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True)
class Registration:
    """What a person gives to have an account."""

    name: str
    email: str
    job_title: str
    organisation: str
    sector: Sector
    password: str


def create_account(
    session: Session,
    details: Registration,
    *,
    role: Role,
    now: datetime,
    confirmed: bool,
    is_demo: bool = False,
) -> User:
    """An account with this role, in the organisation of that name and sector (found, or made).

    ``confirmed``: the address is taken as proven (an account made by an administrator, demo
    accounts); otherwise booking waits until the person confirms it. Sends no email.
    Raises EmailTaken ("email_taken") when the address already has an account.
    """
    email = normalise_email(details.email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailTaken(
            "An account with this email address already exists. Sign in instead.", field="email"
        )
    user = User(
        email=email,
        name=details.name.strip(),
        job_title=details.job_title.strip(),
        organisation=find_or_create_organisation(session, details.organisation, details.sector),
        role=role,
        password_hash=hash_password(details.password),
        is_demo=is_demo,
        email_confirmed_at=now if confirmed else None,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def register(session: Session, details: Registration, *, now: datetime) -> User:
    """Create a professional's account and email a link to confirm the address (booking needs
    a confirmed address). Raises EmailTaken ("email_taken")."""
    user = create_account(session, details, role=Role.PROFESSIONAL, now=now, confirmed=False)
    enqueue(session, AccountEmail.CONFIRM_EMAIL, user, now=now)
    return user


def create_staff_account(
    session: Session, details: Registration, *, role: Role, actor_id: int | None, now: datetime
) -> User:
    """An account made by an administrator (organisers and trainers): confirmed, no email sent,
    and recorded in the audit log. Raises EmailTaken ("email_taken")."""
    user = create_account(session, details, role=role, now=now, confirmed=True)
    record(
        session,
        actor_id=actor_id,
        action="account.create",
        subject_type="user",
        subject_id=user.id,
        now=now,
        role=role.value,
    )
    return user


def end_sessions(session: Session, user_id: int) -> None:
    """End every session of the person (signing out): the sessions' ids carry the old stamp."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_stamp = secrets.token_hex(16)


def find_or_create_organisation(session: Session, name: str, sector: Sector) -> Organisation:
    """The organisation of that name (case and spacing ignored) in that sector."""
    name = " ".join(name.split())
    key = name.casefold()
    organisation = session.scalars(
        select(Organisation).where(Organisation.name_key == key, Organisation.sector == sector)
    ).one_or_none()
    if organisation is None:
        organisation = Organisation(name=name, name_key=key, sector=sector)
        session.add(organisation)
        session.flush()
    return organisation


def send_confirmation(session: Session, user: User, *, now: datetime) -> None:
    """Email a link that confirms the user's address (again, if they ask)."""
    if user.email_confirmed_at is None:
        enqueue(session, AccountEmail.CONFIRM_EMAIL, user, now=now)


def request_password_reset(session: Session, *, email: str, now: datetime) -> None:
    """Email a reset link if the address has an account; say nothing either way.

    At most one reset email per account every two minutes.
    """
    user = session.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()
    if user is None:
        return
    recent = session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.user_id == user.id,
            OutboxMessage.kind == AccountEmail.RESET_PASSWORD,
            OutboxMessage.created_at > now - RESET_EMAIL_INTERVAL,
        )
        .limit(1)
    )
    if recent is None:
        enqueue(session, AccountEmail.RESET_PASSWORD, user, now=now)
