"""Signing in: checking a password, with failures throttled in the database so the limits hold
across processes and machines."""

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from booking.accounts.models import LoginAttempt, User
from booking.accounts.passwords import hash_password, needs_rehash, verify_password
from booking.accounts.services import normalise_email
from booking.core.errors import BadCredentials, TooManyAttempts

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_CLIENT = 20


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    client: str,
    now: datetime,
    allow_demo: bool,
) -> User:
    """The user with these credentials.

    Failures are recorded in the session: the caller commits even when this raises.
    Raises TooManyAttempts ("too_many_attempts") after 5 failures for an account or 20 from one
    client in 15 minutes, BadCredentials ("bad_credentials") otherwise, without saying whether the
    address has an account. Demo accounts sign in only when ``allow_demo``.
    """
    keys = [_throttle_key("account", normalise_email(email)), _throttle_key("client", client)]
    _ensure_not_throttled(session, keys, now)
    user = session.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not password_ok or (user.is_demo and not allow_demo):
        session.add_all(LoginAttempt(key=key, attempted_at=now) for key in keys)
        session.flush()
        raise BadCredentials("Enter a correct email address and password.")
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == keys[0]))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _throttle_key(kind: str, value: str) -> str:
    # Hashed so the table holds no email or IP address in clear.
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _ensure_not_throttled(session: Session, keys: list[str], now: datetime) -> None:
    _serialise_attempts(session, keys[0])
    since = now - THROTTLE_WINDOW
    limits = dict(zip(keys, (MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_CLIENT), strict=True))
    for key, count in session.execute(
        select(LoginAttempt.key, func.count())
        .where(LoginAttempt.key.in_(keys), LoginAttempt.attempted_at > since)
        .group_by(LoginAttempt.key)
    ):
        if count >= limits[key]:
            raise TooManyAttempts(
                "Too many failed attempts to sign in. Wait 15 minutes, then try again."
            )


def _serialise_attempts(session: Session, account_key: str) -> None:
    """Let one sign-in at a time count, check and record failures for an account, so parallel
    guesses cannot all slip under the limit. SQLite's writer transaction already does this; on
    PostgreSQL a transaction-scoped advisory lock on the account's key does."""
    if session.bind.dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(int(account_key[:15], 16))))
