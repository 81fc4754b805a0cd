"""Writing messages to the outbox, and the delivery bookkeeping of the worker.

A message is a row added in the caller's transaction: if it rolls back, no email exists. The
worker claims due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several workers share the
work; one worker on SQLite), sends them, and records the outcome. A claim is a lease: if the
worker dies, the lease runs out and another worker sends the message again, with the same
Message-ID, so a duplicate is recognisable.
"""

import secrets
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import JSON, Select, func, insert, literal, or_, select, true, update
from sqlalchemy.orm import Session

from booking.core.errors import NotFound
from booking.core.models import UtcDateTime, insert_unless_present
from booking.core.sql import random_hex
from booking.outbox.models import MessageStatus, OutboxMessage

LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
DEFAULT_MAX_ATTEMPTS = 8


class Recipient(Protocol):
    """Whom a message goes to: a User, or a row with the same three fields."""

    id: int | None
    email: str
    name: str


def _row(kind: str, to: Recipient, now: datetime, **fields) -> dict:
    """The columns every new message starts with; the recipient's address and name are kept
    as they are now (a later change of address does not redirect mail already queued)."""
    return {
        "kind": kind,
        "status": MessageStatus.PENDING,
        "message_key": secrets.token_hex(16),
        "to_address": to.email,
        "to_name": to.name,
        "payload": fields.pop("payload", {}),
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": "",
        "created_at": now,
        **fields,
    }


_INSERT_MESSAGE = insert(OutboxMessage.__table__)


def enqueue(
    session: Session,
    kind: str,
    to: Recipient,
    *,
    now: datetime,
    booking_id: int | None = None,
    event_id: int | None = None,
    payload: dict | None = None,
    due: datetime | None = None,
) -> int:
    """Add a message of ``kind`` for ``to`` to the caller's transaction, to be sent at once or
    when ``due``; returns its id.

    One plain INSERT, with no object for the session to track: the outbox is written on every
    booking, so it should cost no more than the row. A person not yet in the database is
    flushed first, for their id. Raises nothing.
    """
    if to.id is None:
        session.flush()
    row = _row(kind, to, now, payload=payload or {}, user_id=to.id)
    row["next_attempt_at"] = due or now
    row |= {"booking_id": booking_id, "event_id": event_id}
    return session.connection().execute(_INSERT_MESSAGE, row).inserted_primary_key[0]


def enqueue_once(
    session: Session,
    kind: str,
    to: Recipient,
    *,
    key: str,
    now: datetime,
    booking_id: int | None = None,
    event_id: int | None = None,
    payload: dict | None = None,
) -> bool:
    """Add a message unless one with this idempotency key exists; True when added.

    Safe when schedulers on several machines run at once: the unique key decides, in the
    database, with ``INSERT ... ON CONFLICT DO NOTHING``. Raises nothing.
    """
    row = _row(
        kind,
        to,
        now,
        user_id=to.id,
        booking_id=booking_id,
        event_id=event_id,
        idempotency_key=key,
        payload=payload or {},
    )
    table = OutboxMessage.__table__
    statement = insert_unless_present(session, table, table.c.idempotency_key).values(**row)
    return session.execute(statement.returning(table.c.id)).scalar() is not None


def enqueue_batch(
    session: Session,
    kind: str,
    recipients: Select,
    *,
    batch_key: str,
    now: datetime,
    payload: dict | None = None,
) -> int:
    """Add one message of ``kind`` for each row of ``recipients`` in a single INSERT ... SELECT,
    all of the batch ``batch_key``; returns how many were added.

    ``recipients`` yields the columns ``recipient_key`` (unique within the batch: it makes each
    message's idempotency key, so adding the batch twice adds nothing the second time),
    ``to_address``, ``to_name`` and ``user_id`` (None for an address that is not a person's).
    One statement whatever the number of rows. Raises nothing.
    """
    rows = recipients.subquery()
    columns = {
        "kind": literal(kind),
        "status": literal(MessageStatus.PENDING.value),
        "message_key": random_hex(),
        "idempotency_key": literal(f"{batch_key}:") + rows.c.recipient_key,
        "to_address": rows.c.to_address,
        "to_name": rows.c.to_name,
        "user_id": rows.c.user_id,
        "payload": literal(payload or {}, JSON),
        "attempts": literal(0),
        "next_attempt_at": literal(now, UtcDateTime()),
        "last_error": literal(""),
        "created_at": literal(now, UtcDateTime()),
        "batch_key": literal(batch_key),
    }
    # SQLite reads "SELECT ... ON CONFLICT" only when the SELECT has a WHERE.
    chosen = select(*[value.label(name) for name, value in columns.items()]).where(true())
    table = OutboxMessage.__table__
    statement = insert_unless_present(session, table, table.c.idempotency_key).from_select(
        list(columns), chosen
    )
    return session.execute(statement.execution_options(preserve_rowcount=True)).rowcount


def batch_counts(session: Session, batch_keys: Collection[str]) -> dict[str, dict[str, int]]:
    """For each batch, how many of its messages are in each state: {"notice:4": {"sent": 212,
    "failed": 2}}, states with none left out. One statement over an index."""
    rows = session.execute(
        select(OutboxMessage.batch_key, OutboxMessage.status, func.count())
        .where(OutboxMessage.batch_key.in_(list(batch_keys)))
        .group_by(OutboxMessage.batch_key, OutboxMessage.status)
    )
    counts: dict[str, dict[str, int]] = {key: {} for key in batch_keys}
    for key, status, count in rows:
        counts[key][MessageStatus(status).value] = count
    return counts


def waiting_message(session: Session, *, booking_id: int, kinds: Collection[str]) -> int | None:
    """A message of one of these kinds about the booking that no worker has taken yet, locked
    until the caller commits so none composes it before (its content is read when it is
    composed); None when there is none, or a worker is taking it now."""
    return session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.booking_id == booking_id,
            OutboxMessage.kind.in_(list(kinds)),
            OutboxMessage.status == MessageStatus.PENDING,
        )
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def claim_due(
    session: Session,
    *,
    now: datetime,
    limit: int,
    worker: str,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> list[OutboxMessage]:
    """Lease up to ``limit`` due messages to ``worker``; the caller commits at once.

    Due means pending and its time has come, or sending with a lease that ran out (its worker
    died). A message whose worker died ``max_attempts`` times is failed instead of retried.
    """
    due = (
        select(OutboxMessage)
        .where(
            or_(
                (OutboxMessage.status == MessageStatus.PENDING)
                & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == MessageStatus.SENDING)
                & (OutboxMessage.claimed_until < now),
            )
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = []
    for message in session.scalars(due):
        if message.status == MessageStatus.SENDING and message.attempts >= max_attempts:
            message.status = MessageStatus.FAILED
            message.last_error = "A worker stopped while sending it, too many times."
            message.claimed_by = message.claimed_until = None
            continue
        message.status = MessageStatus.SENDING
        message.claimed_by = worker
        message.claimed_until = now + LEASE
        message.attempts += 1
        claimed.append(message)
    session.flush()
    return claimed


def _held_by(message_id: int, worker: str):
    return (
        (OutboxMessage.id == message_id)
        & (OutboxMessage.status == MessageStatus.SENDING)
        & (OutboxMessage.claimed_by == worker)
    )


def renew_lease(session: Session, message_id: int, *, worker: str, now: datetime) -> bool:
    """Extend this worker's lease on one message just before sending it; False if the lease
    was lost (it ran out and another worker took the message)."""
    result = session.execute(
        update(OutboxMessage)
        .where(_held_by(message_id, worker))
        .values(claimed_until=now + LEASE)
        .returning(OutboxMessage.id)
    )
    return result.scalar() is not None


def mark_sent(session: Session, message_id: int, *, worker: str, now: datetime) -> None:
    session.execute(
        update(OutboxMessage)
        .where(_held_by(message_id, worker))
        .values(
            status=MessageStatus.SENT,
            sent_at=now,
            claimed_until=None,
            claimed_by=None,
            last_error="",
        )
    )


def mark_skipped(session: Session, message_id: int, reason: str, *, worker: str) -> None:
    """Record that the message no longer applied when its turn came, and why."""
    session.execute(
        update(OutboxMessage)
        .where(_held_by(message_id, worker))
        .values(
            status=MessageStatus.SKIPPED, claimed_until=None, claimed_by=None, last_error=reason
        )
    )


def mark_failed(
    session: Session,
    message: OutboxMessage,
    error: str,
    *,
    now: datetime,
    permanent: bool,
    max_attempts: int | None = DEFAULT_MAX_ATTEMPTS,
) -> MessageStatus:
    """Record a failed attempt: retry later with exponential backoff, or give up.

    Gives up at once on a permanent failure (the server refused the recipient), otherwise
    after ``max_attempts`` (never, when None: the relay is down, and waiting is all to do).
    Returns the message's new status.
    """
    message.last_error = error[:2000]
    message.claimed_until = None
    message.claimed_by = None
    if permanent or (max_attempts is not None and message.attempts >= max_attempts):
        message.status = MessageStatus.FAILED
    else:
        delay = min(FIRST_RETRY * 2 ** (message.attempts - 1), LONGEST_RETRY)
        message.status = MessageStatus.PENDING
        message.next_attempt_at = now + delay
    return message.status


def retry(session: Session, message_id: int, *, now: datetime) -> OutboxMessage:
    """Send a failed or waiting message again now. Raises NotFound ("not_found")."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.status in (MessageStatus.SENT, MessageStatus.SENDING):
        raise NotFound("There is no failed or pending message with that number.")
    message.status = MessageStatus.PENDING
    message.next_attempt_at = now
    message.attempts = 0
    session.flush()
    return message


def unsent(session: Session, *, limit: int = 200) -> list[OutboxMessage]:
    """Failed, pending and in-flight messages, failed first, for the organisers' page."""
    order = {MessageStatus.FAILED: 0, MessageStatus.SENDING: 1, MessageStatus.PENDING: 2}
    messages = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status.in_(list(order)))
        .order_by(OutboxMessage.created_at.desc())
        .limit(limit)
    )
    return sorted(messages, key=lambda m: order[m.status])
