"""Signed links in account emails: confirm an address (a new one too), reset a password, stop
reminders; and the device cookie of a browser that has signed in.

Tokens are signed with the app's secret and time-limited; they carry a user id and a short
hash, never an email address. A reset token is bound to the current password hash, so it works
once: after the reset the hash, and so the token, no longer match. A device cookie is bound to
it too, so a reset (or a closed account) ends the trust of every browser signed in before.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.accounts.passwords import hash_password
from booking.core.errors import InvalidLink

CONFIRM_MAX_AGE = timedelta(days=3)
NEW_EMAIL_MAX_AGE = timedelta(days=3)
RESET_MAX_AGE = timedelta(hours=1)
REMINDERS_OFF_MAX_AGE = timedelta(days=60)
DEVICE_MAX_AGE = timedelta(days=180)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=f"booking-{purpose}")


def _load(secret: str, purpose: str, token: str, max_age: timedelta, now: datetime) -> dict:
    serializer = _serializer(secret, purpose)
    try:
        data, signed_at = serializer.loads(token, max_age=None, return_timestamp=True)
    except BadSignature:
        raise InvalidLink("This link is not valid. Ask for a new one.") from None
    if not isinstance(data, dict) or now - signed_at > max_age:
        raise InvalidLink("This link has expired. Ask for a new one.")
    return data


def confirmation_token(secret: str, user: User, next_path: str | None = None) -> str:
    """The token of a confirmation link; ``next_path`` (a local path, like the event being
    booked) is where the link leads afterwards, signed with it."""
    data = {"u": user.id, "e": _digest(user.email)}
    return _serializer(secret, "confirm").dumps(data | ({"n": next_path} if next_path else {}))


class Confirmed(NamedTuple):
    user: User
    next_path: str | None  # as signed into the link; the web edge checks it is local


def confirm_email(session: Session, *, secret: str, token: str, now: datetime) -> Confirmed:
    """Mark the address confirmed. Raises InvalidLink ("invalid_link") for a bad or old link."""
    data = _load(secret, "confirm", token, CONFIRM_MAX_AGE, now)
    user = session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or data.get("e") != _digest(user.email):
        raise InvalidLink("This link is not valid. Ask for a new one.")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    next_path = data.get("n")
    return Confirmed(user, next_path if isinstance(next_path, str) else None)


def new_email_token(secret: str, user: User) -> str:
    """A link for the address the person asked to change to: bound to that address, so asking
    for another one makes earlier links stop working."""
    return _serializer(secret, "new-email").dumps({"u": user.id, "n": _digest(user.pending_email)})


def user_for_new_email(session: Session, *, secret: str, token: str, now: datetime) -> User:
    """The person whose pending address the link confirms, their row locked.

    Raises InvalidLink ("invalid_link") for a bad or old link, or once the address is no longer
    the one waiting (confirmed already, or replaced by another).
    """
    data = _load(secret, "new-email", token, NEW_EMAIL_MAX_AGE, now)
    user_id = data.get("u")
    user = session.get(User, user_id, with_for_update=True) if isinstance(user_id, int) else None
    if user is None or not user.pending_email or data.get("n") != _digest(user.pending_email):
        raise InvalidLink("This link has already been used or is not valid.")
    return user


def reset_token(secret: str, user: User) -> str:
    """The token of a reset link: bound to the current password hash, so it works once (and
    not after another reset)."""
    return _serializer(secret, "reset").dumps({"u": user.id, "p": _digest(user.password_hash)})


def user_for_reset(
    session: Session, *, secret: str, token: str, now: datetime, lock: bool = False
) -> User:
    """The user a reset link is for (their row locked, with ``lock``, so a link posted twice at
    once works once). Raises InvalidLink ("invalid_link"), also once used."""
    data = _load(secret, "reset", token, RESET_MAX_AGE, now)
    user = (
        session.get(User, data["u"], with_for_update=lock, populate_existing=lock)
        if isinstance(data.get("u"), int)
        else None
    )
    if user is None or data.get("p") != _digest(user.password_hash):
        raise InvalidLink("This link has already been used or is not valid. Ask for a new one.")
    return user


def reset_password(
    session: Session, *, secret: str, token: str, password: str, now: datetime
) -> User:
    """Set a new password from a reset link; the link then stops working.

    Following the link proves the address, so it is confirmed too, and any sign-in lockout of
    the account ends; a placeholder (someone added at the door) becomes an account like any
    other. Raises InvalidLink ("invalid_link").
    """
    from booking.accounts.signin import end_lockout  # signin reads device cookies from here

    user = user_for_reset(session, secret=secret, token=token, now=now, lock=True)
    user.password_hash = hash_password(password)
    end_lockout(session, secret=secret, email=user.email)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    user.placeholder = False
    return user


def reminders_off_token(secret: str, user: User) -> str:
    """The token of the link in reminders that switches them off for the person."""
    return _serializer(secret, "reminders-off").dumps({"u": user.id})


def turn_reminders_off(session: Session, *, secret: str, token: str, now: datetime) -> User:
    """Stop reminder emails from an unsubscribe link. Raises InvalidLink ("invalid_link")."""
    data = _load(secret, "reminders-off", token, REMINDERS_OFF_MAX_AGE, now)
    user = session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None:
        raise InvalidLink("This link is not valid.")
    user.reminders_enabled = False
    return user


@dataclass(frozen=True)
class Device:
    """A browser that has signed in to the account ``user_id`` (OWASP's device cookie); the
    nonce names this browser's cookie among the account's."""

    user_id: int
    nonce: str
    password: str  # digest of the password hash it signed in with

    def trusted_for(self, user: User) -> bool:
        """Whether this browser signed in to the user's account with its current password."""
        return self.user_id == user.id and self.password == _digest(user.password_hash)


def device_token(secret: str, user: User) -> str:
    """A new device cookie for a browser that has just signed in to the user's account."""
    data = {"u": user.id, "n": secrets.token_urlsafe(16), "p": _digest(user.password_hash)}
    return _serializer(secret, "device").dumps(data)


def device_from_token(secret: str, token: str, now: datetime) -> Device | None:
    """The device a cookie names, or None when it is not one of ours or too old."""
    try:
        data = _load(secret, "device", token, DEVICE_MAX_AGE, now)
    except InvalidLink:
        return None
    user_id, nonce, password = data.get("u"), data.get("n"), data.get("p")
    if not isinstance(user_id, int) or not isinstance(nonce, str) or not isinstance(password, str):
        return None
    return Device(user_id, nonce, password)
