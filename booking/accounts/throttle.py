"""Throttling counted in the database, so a limit holds across processes and machines: each
counted attempt is a ``LoginAttempt`` row under a key: what is counted for (its kind), then a
keyed digest of what is counted (an account, a browser, a network address). The digest is keyed
with the app's secret, so the table cannot be matched to an address by hashing a list of
addresses; nothing else is kept, and rows older than a kind's window are deleted as new ones
are written (``forget_kind_before``; sign-in's, the longest, by ``forget_attempts_before``).

Sign-in (``accounts.signin``) and the pupils' survey (``network.pupil``) count with it.
"""

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from booking.accounts.models import LoginAttempt

KEY_LENGTH = 64  # the ``login_attempts.key`` column


def throttle_key(secret: str, kind: str, value: str) -> str:
    """The key attempts are counted under: ``kind:`` then an HMAC of ``kind:value`` with the
    app's secret (cut to the column's 64 characters), so the value itself (an email address, a
    network address) is never stored, and a kind's records can be forgotten together."""
    digest = hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest}"[:KEY_LENGTH]


def to_the_minute(moment: datetime) -> datetime:
    """``moment`` without its seconds, for attempts whose time must not single anyone out."""
    return moment.replace(second=0, microsecond=0)


def serialise(session: Session, key: str) -> None:
    """Let one transaction at a time count, check and record attempts under ``key``, so
    parallel attempts cannot all slip under a limit. SQLite's writer transaction already does
    this; on PostgreSQL a transaction-scoped advisory lock on the key does. Raises nothing."""
    if session.bind.dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(int(key.rpartition(":")[2][:15], 16))))


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


def forget_kind_before(session: Session, kind: str, moment: datetime) -> None:
    """Forget every attempt of ``kind`` (``throttle_key``'s) before ``moment``, whatever
    its key. Raises nothing."""
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.key.startswith(f"{kind}:", autoescape=True),
            LoginAttempt.attempted_at < moment,
        )
    )
