"""Signing in: checking a password, with failures throttled in the database so the limits hold
across processes and machines.

Throttling follows OWASP's device cookies. A browser that has signed in to an account carries a
signed device cookie for it (``tokens.device_token``). Failures from browsers without one count
against the account, and 5 in 15 minutes lock the account for such browsers only; failures
from a trusted browser count against that browser's cookie. So a stranger's guesses lock out
neither the people behind the same address (a proxy, a school network) nor the person on their
own browser, and guessing stays slow everywhere. A password reset ends a lockout, and the trust
of the browsers signed in before it.

Guessing across many accounts meets a ceiling per network address instead: 100 failures in 15
minutes from browsers the account being tried has not signed in from, so a school's or a
council's newcomers are rarely held up, and a returning person's browser never is.
"""

from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.accounts.passwords import hash_password, needs_rehash, verify_password
from booking.accounts.services import account_for, normalise_email
from booking.accounts.throttle import (
    attempts_since,
    count_attempt,
    forget_attempts,
    forget_attempts_before,
    serialise,
    throttle_key,
)
from booking.accounts.tokens import Device
from booking.core.errors import BadCredentials, TooManyAttempts

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5
MAX_NETWORK_FAILURES = 100


class _Limit(NamedTuple):
    """Failures counted under ``key``: at most ``most`` in THROTTLE_WINDOW, then ``refusal``."""

    key: str
    most: int
    refusal: str


_TRY_LATER = (
    "Too many failed attempts to sign in. Wait 15 minutes and try again, or reset your password."
)
_WRONG_TOO_OFTEN = "Your password was wrong too many times. Wait 15 minutes and try again."
_NETWORK_TRY_LATER = (
    "Too many failed attempts to sign in from this network. "
    "Wait 15 minutes, or reset your password."
)


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    device: Device | None,
    client: str,
    now: datetime,
    allow_demo: bool,
    secret: str,
) -> User:
    """The user with these credentials, signing in from the network address ``client`` with
    a browser that carries ``device`` (or none).

    Failures are recorded in the session: the caller commits even when this raises.
    Raises TooManyAttempts ("too_many_attempts") after 5 failures in 15 minutes for the account
    from browsers it has not signed in from (or from this trusted browser), or after 100 in
    15 minutes from the client's address by browsers not trusted for the account tried;
    BadCredentials ("bad_credentials") otherwise, without saying whether the address has an
    account. Demo accounts sign in only when ``allow_demo``; placeholders never.
    """
    account_key = _account_key(secret, email)
    serialise(session, account_key)
    user = account_for(session, email)
    if device is not None and user is not None and device.trusted_for(user):
        limits = [_Limit(throttle_key(secret, "device", device.nonce), MAX_FAILURES, _TRY_LATER)]
    else:
        network_key = throttle_key(secret, "client", client)
        network = _Limit(network_key, MAX_NETWORK_FAILURES, _NETWORK_TRY_LATER)
        limits = [_account_limit(account_key), network]
    # A placeholder (someone added at the door) has no password until its address is proven.
    refused = user is None or user.placeholder or (user.is_demo and not allow_demo)
    wrong = BadCredentials("Enter a correct email address and password.")
    _check_password(session, limits, None if refused else user, password, now, wrong)
    return user


def reauthenticate(
    session: Session, *, user_id: int, password: str, now: datetime, secret: str
) -> None:
    """Check the signed-in person's password again before a change a borrowed session must
    not make (a new email address, a new password, closing the account): OWASP's
    re-authentication. Failures count against the person's signed-in sessions (their session
    stamp), 5 in 15 minutes, so it cannot be used to guess, and a stranger's guesses at the
    sign-in page cannot stop them.

    Failures are recorded in the session: the caller commits even when this raises.
    Raises TooManyAttempts ("too_many_attempts") after 5 failures in 15 minutes,
    BadCredentials ("bad_credentials", field "password") for a wrong password.
    """
    user = session.get(User, user_id)
    sessions_key = throttle_key(secret, "sessions", f"{user.id}:{user.session_stamp}")
    serialise(session, sessions_key)
    limit = _Limit(sessions_key, MAX_FAILURES, _WRONG_TOO_OFTEN)
    wrong = BadCredentials("The password is not correct.", field="password")
    _check_password(session, [limit], user, password, now, wrong)


def _check_password(
    session: Session,
    limits: list[_Limit],
    user: User | None,
    password: str,
    now: datetime,
    wrong: BadCredentials,
) -> None:
    """Check the password of ``user`` (None: no account to sign in to, still checked for
    time's sake), counting a failure under each limit's key."""
    for limit in limits:
        _ensure_not_throttled(session, limit, now)
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not password_ok:
        forget_attempts_before(session, now - THROTTLE_WINDOW)
        count_attempt(session, [limit.key for limit in limits], now)
        raise wrong
    # The account's (or device's) failures end with a success; the network's stay counted.
    forget_attempts(session, limits[0].key)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)


def end_lockout(session: Session, *, secret: str, email: str) -> None:
    """Forget the account's failed sign-ins (a password reset proves the address; a closed
    account keeps none). Raises nothing."""
    forget_attempts(session, _account_key(secret, email))


def _account_limit(account_key: str) -> _Limit:
    return _Limit(account_key, MAX_FAILURES, _TRY_LATER)


def _account_key(secret: str, email: str) -> str:
    return throttle_key(secret, "account", normalise_email(email))


def _ensure_not_throttled(session: Session, limit: _Limit, now: datetime) -> None:
    if attempts_since(session, limit.key, now - THROTTLE_WINDOW) >= limit.most:
        raise TooManyAttempts(limit.refusal)
