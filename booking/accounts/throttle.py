"""Throttling counted in the database, so a limit holds across processes and machines: each
counted attempt is a ``LoginAttempt`` row under a key, a keyed digest of what is counted (an
account, a browser, a network address with its purpose). The digest is keyed with the app's
secret, so the table cannot be matched to an address by hashing a list of addresses; nothing
else is kept, and rows older than the longest window are deleted as new ones are written.

Sign-in (``accounts.signin``) and the pupils' survey (``network.pupil``) count with it.
"""

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from booking.accounts.models import LoginAttempt


def throttle_key(secret: str, kind: str, value: str) -> str:
    """The key attempts are counted under: an HMAC of ``kind:value`` with the app's secret,
    so the value itself (an email address, a network address) is never stored."""
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def serialise(session: Session, key: str) -> None:
    """Let one transaction at a time count, check and record attempts under ``key``, so
    parallel attempts cannot all slip under a limit. SQLite's writer transaction already does
    this; on PostgreSQL a transaction-scoped advisory lock on the key does. Raises nothing."""
    if session.bind.dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(int(key[:15], 16))))


def attempts_since(session: Session, key: str, since: datetime) -> int:
    """How many attempts are counted under ``key`` after ``since``. Raises nothing."""
    return session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.key == key, LoginAttempt.attempted_at > since)
    )


def count_attempt(session: Session, keys: Iterable[str], now: datetime) -> None:
    """Count one attempt at ``now`` under each key (flushed). Raises nothing."""
    session.add_all(LoginAttempt(key=key, attempted_at=now) for key in keys)
    session.flush()


def forget_attempts(session: Session, key: str, *, before: datetime | None = None) -> None:
    """Forget the attempts counted under ``key`` (only those at or before ``before`` when
    given). Raises nothing."""
    query = delete(LoginAttempt).where(LoginAttempt.key == key)
    if before is not None:
        query = query.where(LoginAttempt.attempted_at <= before)
    session.execute(query)


def forget_attempts_before(session: Session, moment: datetime) -> None:
    """Forget every attempt at or before ``moment``, under any key: call it with the longest
    window in use (sign-in's). Raises nothing."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at <= moment))
