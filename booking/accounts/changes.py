"""Changing your account: name, job title and organisation at once; a new email address only
once it is confirmed from that address, the old one told; a new password, the person told."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts import tokens
from booking.accounts.emails import AccountEmail
from booking.accounts.models import Sector, User
from booking.accounts.passwords import hash_password
from booking.accounts.services import (
    account_email_sent_recently,
    account_for,
    addressee,
    normalise_email,
    organisation_of,
    send_account_email,
    written_unless_a_twin,
)
from booking.audit.services import record
from booking.core.errors import EmailTaken, NotFound, TooManyAttempts
from booking.outbox.models import MessageStatus, OutboxMessage
from booking.outbox.queue import enqueue


@dataclass(frozen=True)
class AccountDetails:
    """What a person can change about themselves."""

    name: str
    email: str
    job_title: str
    organisation: str  # "" with no sector: a parent or carer, who belongs to none
    sector: Sector | None


@dataclass(frozen=True)
class DetailsChanged:
    changed: tuple[str, ...]  # the fields changed at once
    email_pending: bool  # a link to confirm a new address was sent


def read_account(session: Session, user_id: int) -> User:
    """The person's account, to show (not locked). Raises NotFound ("not_found") when there
    is none or it is closed."""
    return _open(session.get(User, user_id))


def open_account(session: Session, user_id: int) -> User:
    """The person's account, locked and read afresh, to change. Raises NotFound
    ("not_found") when there is none or it is closed."""
    return _open(session.get(User, user_id, with_for_update=True, populate_existing=True))


def _open(user: User | None) -> User:
    if user is None or user.closed_at is not None:
        raise NotFound("Account not found")
    return user


def change_details(
    session: Session, *, user_id: int, details: AccountDetails, now: datetime
) -> DetailsChanged:
    """Change the person's name, job title, organisation and sector at once; a new email
    address is only asked for: a link goes to it, and the old address stays in use until the
    link is followed. Giving the current address again drops a pending change. Changes are
    audited by field name, never by value. Raises NotFound ("not_found") for a closed account,
    TooManyAttempts ("too_many_attempts") when a link to a new address went out in the last
    two minutes.
    """
    user = open_account(session, user_id)
    organisation = organisation_of(session, details.organisation, details.sector)
    new_values = {
        "name": details.name.strip(),
        "job_title": details.job_title.strip(),
        "organisation_id": organisation.id if organisation else None,
    }
    changed = tuple(field for field, value in new_values.items() if getattr(user, field) != value)
    for field in changed:
        setattr(user, field, new_values[field])
    email_pending = _ask_for_email(session, user, normalise_email(details.email), now)
    if changed:
        _audit(session, user, "account.update", now, fields=list(changed))
    if email_pending:
        _audit(session, user, "account.email_change_requested", now)
    session.flush()
    return DetailsChanged(changed=changed, email_pending=email_pending)


def _ask_for_email(session: Session, user: User, email: str, now: datetime) -> bool:
    if email == user.email:
        user.pending_email = None
        return False
    if email == user.pending_email and new_email_link(session, user, now) == LinkState.LIVE:
        return False  # asked already; the link sent then still works
    if account_email_sent_recently(session, AccountEmail.CONFIRM_NEW_EMAIL, user.id, now=now):
        raise TooManyAttempts(
            "We sent a link to a new address a moment ago. Wait 2 minutes before asking for "
            "another.",
            field="email",
        )
    user.pending_email = email
    session.flush()
    enqueue(session, AccountEmail.CONFIRM_NEW_EMAIL, addressee(user, email), now=now)
    return True


class LinkState(StrEnum):
    """Where the latest link to a pending address stands."""

    LIVE = "live"  # on its way or delivered, and not yet expired
    EXPIRED = "expired"
    UNDELIVERED = "undelivered"  # the mail server refused it, or it was never sent


def new_email_link(session: Session, user: User, now: datetime) -> LinkState:
    """Whether the link to the person's pending address still works (a link is good for
    NEW_EMAIL_MAX_AGE, and only once delivered). Raises nothing."""
    latest = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.user_id == user.id,
            OutboxMessage.kind == AccountEmail.CONFIRM_NEW_EMAIL,
            OutboxMessage.to_address == user.pending_email,
        )
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(1)
    ).first()
    if latest is None or latest.status in (MessageStatus.FAILED, MessageStatus.SKIPPED):
        return LinkState.UNDELIVERED
    if latest.created_at <= now - tokens.NEW_EMAIL_MAX_AGE:
        return LinkState.EXPIRED
    return LinkState.LIVE


def send_new_email_link_again(session: Session, *, user_id: int, now: datetime) -> None:
    """Send a new link to the pending address, when the last one expired or was not
    delivered. Raises NotFound ("not_found") for a closed account or when no address is
    waiting, TooManyAttempts ("too_many_attempts") when a link went out in the last two
    minutes."""
    user = open_account(session, user_id)
    if not user.pending_email:
        raise NotFound("No new email address is waiting to be confirmed.")
    _ask_for_email(session, user, user.pending_email, now)
    session.flush()


def confirm_new_email(session: Session, *, secret: str, token: str, now: datetime) -> User:
    """Make the pending address the account's, from the link sent to it, and tell the old
    address. Following the link proves the address, so it counts as confirmed.
    Raises InvalidLink ("invalid_link") for a bad, old or used link, EmailTaken ("email_taken")
    when another account has taken the address meanwhile.
    """
    user = tokens.user_for_new_email(session, secret=secret, token=token, now=now)
    old = addressee(user)
    taken = EmailTaken("An account with this email address already exists. Sign in to it.")
    if account_for(session, user.pending_email) is not None:
        raise taken

    def take_the_address() -> None:
        user.email, user.pending_email = user.pending_email, None
        user.email_confirmed_at = user.email_confirmed_at or now

    if not written_unless_a_twin(session, take_the_address):
        raise taken
    enqueue(session, AccountEmail.EMAIL_CHANGED, old, now=now)
    _audit(session, user, "account.email_changed", now)
    return user


def change_password(session: Session, *, user_id: int, password: str, now: datetime) -> User:
    """Give the person a new password; the caller has asked for the current one again
    (``signin.reauthenticate``). The new hash ends every session and every browser's trust
    made with the old one (the caller signs this browser in again). The person is told by
    email, at most once every two minutes like every account email anyone holding the
    password can cause, and the change is audited without details. Raises NotFound
    ("not_found") for a closed account.
    """
    user = open_account(session, user_id)
    user.password_hash = hash_password(password)
    send_account_email(session, AccountEmail.PASSWORD_CHANGED, user, now=now)
    _audit(session, user, "account.password_changed", now)
    session.flush()
    return user


def _audit(session: Session, user: User, action: str, now: datetime, **details) -> None:
    record(
        session,
        actor_id=user.id,
        action=action,
        subject_type="user",
        subject_id=user.id,
        now=now,
        **details,
    )
