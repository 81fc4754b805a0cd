"""Accounts: registration by professionals, accounts made by organisers, and organisations."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from booking.accounts.emails import AccountEmail
from booking.accounts.models import Organisation, Role, Sector, User
from booking.accounts.passwords import hash_password
from booking.accounts.tokens import CONFIRM_MAX_AGE
from booking.audit.services import record
from booking.core.errors import EmailTaken
from booking.outbox.models import OutboxMessage
from booking.outbox.queue import enqueue

ACCOUNT_EMAIL_INTERVAL = timedelta(minutes=2)


def normalise_email(email: str) -> str:
    """The form an address is stored and looked up in: trimmed, lower case. Raises nothing."""
    return email.strip().lower()


class Addressee(NamedTuple):
    """Whom an account email goes to: the person at an address (theirs or another)."""

    id: int
    email: str
    name: str


def addressee(user: User, email: str | None = None) -> Addressee:
    """The person at their account's address, or at ``email`` (an address they asked to change
    to). Named only at an address they have confirmed: anyone can register an address that is
    not theirs, and the name they give must not reach it. Raises nothing."""
    confirmed = email is None and user.email_confirmed_at is not None
    return Addressee(user.id, email or user.email, user.name if confirmed else "")


@dataclass(frozen=True)
class Registration:
    """What a person gives to have an account."""

    name: str
    email: str
    job_title: str
    organisation: str  # "" with no sector: a parent or carer, who belongs to none
    sector: Sector | None
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
    Raises EmailTaken ("email_taken") when the address already has an account, also when it
    was registered by another transaction at the same moment.
    """
    email = normalise_email(details.email)
    # Hashed first, so that an address with an account takes as long to answer as a new one.
    password_hash = hash_password(details.password)
    taken = EmailTaken("An account with this email address already exists.", field="email")
    if account_for(session, email) is not None:
        raise taken
    user = User(
        email=email,
        name=details.name.strip(),
        job_title=details.job_title.strip(),
        organisation=organisation_of(session, details.organisation, details.sector),
        role=role,
        password_hash=password_hash,
        is_demo=is_demo,
        email_confirmed_at=now if confirmed else None,
        created_at=now,
    )
    if not _stored_unless_a_twin(session, user):
        raise taken
    return user


def account_for(session: Session, email: str) -> User | None:
    """The account of an email address, if it has one."""
    return session.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()


def _stored_unless_a_twin(session: Session, row: object) -> bool:
    return written_unless_a_twin(session, lambda: session.add(row))


def written_unless_a_twin(session: Session, write: Callable[[], object]) -> bool:
    """Make the change ``write`` makes and flush it, or say False when a unique constraint
    refuses it because another transaction wrote its twin at the same moment (PostgreSQL:
    SQLite's writers queue).

    In a savepoint, so the caller's transaction goes on; the error is not kept, as PostgreSQL's
    message quotes the values (an email address).
    """
    try:
        with session.begin_nested():
            write()
            session.flush()
    except IntegrityError:
        return False
    return True


def register(
    session: Session, details: Registration, *, now: datetime, next_path: str | None = None
) -> User | None:
    """Create a professional's account and email a link to confirm the address (booking needs
    a confirmed address); when the address has an account already, email its holder instead.

    The answer is the same either way, so registering does not tell anyone whether an address
    has an account. ``next_path``, a local path (the event being booked), is where the
    confirmation link leads. Returns the new account (None when there was one). Raises
    nothing.
    """
    try:
        user = create_account(session, details, role=Role.PROFESSIONAL, now=now, confirmed=False)
    except EmailTaken:
        held = account_for(session, details.email)
        if held.placeholder:
            claim_placeholder(session, held, now=now)
        else:
            send_account_email(session, AccountEmail.ACCOUNT_EXISTS, held, now=now)
        return None
    enqueue(
        session,
        AccountEmail.CONFIRM_EMAIL,
        addressee(user),
        now=now,
        payload={"next": next_path} if next_path else None,
    )
    return user


def claim_placeholder(session: Session, user: User, *, now: datetime) -> None:
    """Registering the address of a person added at the door: nothing on the account changes
    until the address is proven. Its holder is sent a link to choose a password (a reset
    link, at most one every two minutes, ``send_account_email``); choosing one confirms the
    address and makes the account an ordinary one, with its bookings. What the registration
    form gave is not kept, so nobody can put their own password on a walk-in's account by
    registering their address first. Raises nothing."""
    send_account_email(session, AccountEmail.FINISH_ACCOUNT, user, now=now)


def placeholder_for(
    session: Session,
    *,
    name: str,
    email: str,
    organisation: str,
    sector: Sector | None,
    now: datetime,
) -> User:
    """The account of the address, or else a placeholder person for it (someone added at the
    door, or invited to a network by address only: no organisation when none is given): no
    password, so nobody can sign in to it, until the address's holder chooses one from an
    emailed link (``claim_placeholder``, or "Forgotten your password?"). An existing account
    is returned unchanged. Raises nothing."""
    held = account_for(session, email)
    if held is not None:
        return held
    user = User(
        email=normalise_email(email),
        name=" ".join(name.split()),
        job_title="",
        organisation=organisation_of(session, organisation, sector),
        role=Role.PROFESSIONAL,
        password_hash="",
        created_at=now,
        placeholder=True,
    )
    return user if _stored_unless_a_twin(session, user) else account_for(session, email)


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
    """End every session of the person (signing out): the sessions' ids carry the old stamp.
    Raises nothing."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_stamp = secrets.token_hex(16)


def organisation_key(name: str) -> str:
    """The form an organisation's name is matched in: spacing folded, case ignored."""
    return " ".join(name.split()).casefold()


def find_or_create_organisation(session: Session, name: str, sector: Sector) -> Organisation:
    """The organisation of that name (case and spacing ignored, ``organisation_key``) in that
    sector, from the register, or else added to it: the one way a typed name becomes an
    organisation (registering, changing your details, a walk-in at the door). Names that are
    only alike stay apart until an organiser merges them. Raises nothing."""
    name = " ".join(name.split())
    key = organisation_key(name)
    named = select(Organisation).where(Organisation.name_key == key, Organisation.sector == sector)
    organisation = session.scalars(named).one_or_none()
    if organisation is None:
        organisation = Organisation(name=name, name_key=key, sector=sector)
        if not _stored_unless_a_twin(session, organisation):
            organisation = session.scalars(named).one()
    return organisation


def organisation_of(session: Session, name: str, sector: Sector | None) -> Organisation | None:
    """The organisation typed (``find_or_create_organisation``), or None when none was given
    (a parent or carer). Raises nothing."""
    if sector is None or not name.strip():
        return None
    return find_or_create_organisation(session, name, sector)


def send_confirmation(session: Session, user: User, *, now: datetime) -> None:
    """Email a link that confirms the user's address (again, if they ask), at most once every
    two minutes (``send_account_email``)."""
    if user.email_confirmed_at is None:
        send_account_email(session, AccountEmail.CONFIRM_EMAIL, user, now=now)


def request_password_reset(session: Session, *, email: str, now: datetime) -> None:
    """Email a reset link if the address has an account; say nothing either way.

    At most one reset email per account every two minutes (``send_account_email``).
    """
    user = account_for(session, email)
    if user is not None:
        send_account_email(session, AccountEmail.RESET_PASSWORD, user, now=now)


def send_account_email(session: Session, kind: AccountEmail, user: User, *, now: datetime) -> None:
    """Queue an account email that anyone can cause (a reset, a new confirmation link, "you
    have an account", "your password changed"), at most one of a kind per account every two
    minutes, so nobody can flood an address with them. The account's row is locked while
    deciding, so twin requests queue one email. Raises nothing."""
    session.scalars(select(User.id).where(User.id == user.id).with_for_update()).one()
    if not account_email_sent_recently(session, kind, user.id, now=now):
        enqueue(session, kind, addressee(user), now=now)


def account_email_sent_recently(
    session: Session, kind: AccountEmail, user_id: int, *, now: datetime
) -> bool:
    """Whether an account email of this kind was queued for the person in the last two
    minutes: the one limit on emails anyone can cause."""
    recent = session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.user_id == user_id,
            OutboxMessage.kind == kind,
            OutboxMessage.created_at > now - ACCOUNT_EMAIL_INTERVAL,
        )
        .limit(1)
    )
    return recent is not None


def forget_unconfirmed_accounts(session: Session, *, now: datetime) -> int:
    """Delete the accounts whose address was never confirmed and whose confirmation links have
    all expired (CONFIRM_MAX_AGE after the latest was sent), with their emails, so the address
    is free again: registering it then sends a fresh link, not "you already have an account".
    They hold nothing else (booking needs a confirmed address); placeholders, people added at
    the door, hold bookings and are never deleted here. Accounts a request has locked
    are left for the next round. Safe to run anywhere, any number of times. Returns how many
    it deleted."""
    expired = now - CONFIRM_MAX_AGE
    live_link = select(OutboxMessage.id).where(
        OutboxMessage.user_id == User.id,
        OutboxMessage.kind == AccountEmail.CONFIRM_EMAIL,
        func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at) > expired,
    )
    ids = session.scalars(
        select(User.id)
        .where(
            User.email_confirmed_at.is_(None),
            User.placeholder.is_(False),
            User.created_at <= expired,
            ~live_link.exists(),
        )
        .with_for_update(skip_locked=True)
    ).all()
    if ids:
        for table, column in ((OutboxMessage, OutboxMessage.user_id), (User, User.id)):
            session.execute(
                delete(table).where(column.in_(ids)).execution_options(synchronize_session=False)
            )
    return len(ids)
