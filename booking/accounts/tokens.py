"""Signed links in account emails: confirm an address (a new one too), reset a password, stop
reminders.

Tokens are signed with the app's secret and time-limited; they carry a user id and a short
hash, never an email address. A reset token is bound to the current password hash, so it works
once: after the reset the hash, and so the token, no longer match.
"""

import hashlib
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.accounts.passwords import hash_password
from booking.core.errors import InvalidLink

CONFIRM_MAX_AGE = timedelta(days=3)
NEW_EMAIL_MAX_AGE = timedelta(days=3)
RESET_MAX_AGE = timedelta(hours=1)
REMINDERS_OFF_MAX_AGE = timedelta(days=60)


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


def confirmation_token(secret: str, user: User) -> str:
    return _serializer(secret, "confirm").dumps({"u": user.id, "e": _digest(user.email)})


def confirm_email(session: Session, *, secret: str, token: str, now: datetime) -> User:
    """Mark the address confirmed. Raises InvalidLink ("invalid_link") for a bad or old link."""
    data = _load(secret, "confirm", token, CONFIRM_MAX_AGE, now)
    user = session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or data.get("e") != _digest(user.email):
        raise InvalidLink("This link is not valid. Ask for a new one.")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    return user


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
    return _serializer(secret, "reset").dumps({"u": user.id, "p": _digest(user.password_hash)})


def user_for_reset(session: Session, *, secret: str, token: str, now: datetime) -> User:
    """The user a reset link is for. Raises InvalidLink ("invalid_link"), also once used."""
    data = _load(secret, "reset", token, RESET_MAX_AGE, now)
    user = session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or data.get("p") != _digest(user.password_hash):
        raise InvalidLink("This link has already been used or is not valid. Ask for a new one.")
    return user


def reset_password(
    session: Session, *, secret: str, token: str, password: str, now: datetime
) -> User:
    """Set a new password from a reset link; the link then stops working.

    Following the link proves the address, so it is confirmed too.
    Raises InvalidLink ("invalid_link").
    """
    user = user_for_reset(session, secret=secret, token=token, now=now)
    user.password_hash = hash_password(password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    return user


def reminders_off_token(secret: str, user: User) -> str:
    return _serializer(secret, "reminders-off").dumps({"u": user.id})


def turn_reminders_off(session: Session, *, secret: str, token: str, now: datetime) -> User:
    """Stop reminder emails from an unsubscribe link. Raises InvalidLink ("invalid_link")."""
    data = _load(secret, "reminders-off", token, REMINDERS_OFF_MAX_AGE, now)
    user = session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None:
        raise InvalidLink("This link is not valid.")
    user.reminders_enabled = False
    return user
