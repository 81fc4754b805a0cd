"""The delivery worker: send due outbox messages over SMTP (or into a folder), with retries.

Each batch is leased in one short transaction, then each message is sent and marked sent in its
own transaction, so a worker killed mid-batch loses nothing and sends at most one message twice
(the one in flight), with the same Message-ID.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from booking.db import Sessions
from booking.outbox import queue
from booking.outbox.composing import MailSettings, compose, reason_to_skip
from booking.outbox.models import MessageStatus, OutboxMessage
from booking.outbox.transports import PermanentFailure, RelayDown, TemporaryFailure


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0

    def count(self, status: MessageStatus) -> None:
        if status == MessageStatus.FAILED:
            self.failed += 1
        else:
            self.retrying += 1

    def add(self, other: "DeliveryReport") -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.skipped += other.skipped

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed + self.skipped


@dataclass
class Worker:
    """Everything one delivery worker needs: its sessions, its transport and its clock.

    Messages are composed and sent from a reading session and marked in short writing ones,
    so no write lock is held while the relay talks (SQLite has one writer at a time). Each
    message's lease is renewed just before it is sent, and only the worker holding the lease
    may mark it: a slow worker whose lease ran out cannot double-send or overwrite.
    """

    sessions: Sessions
    transport: object
    settings: MailSettings
    now: Callable[[], datetime]
    max_attempts: int = queue.DEFAULT_MAX_ATTEMPTS
    name: str = field(default_factory=lambda: secrets.token_hex(8))

    def deliver_due(self, batch_size: int = 50) -> DeliveryReport:
        """Send one batch of due messages; the report counts what happened to each."""
        report = DeliveryReport()
        with self.sessions.writer() as session:
            claimed = [
                m.id
                for m in queue.claim_due(
                    session,
                    now=self.now(),
                    limit=batch_size,
                    worker=self.name,
                    max_attempts=self.max_attempts,
                )
            ]
            session.commit()
        if not claimed:
            return report
        try:
            with self.transport:
                for message_id in claimed:
                    self._deliver_one(message_id, report)
        except RelayDown as error:  # every message not yet sent waits for the next try
            self._release(claimed, str(error), report)
        return report

    def deliver_all_due(self, batch_size: int = 50) -> DeliveryReport:
        """Deliver batches until nothing is due now (or the relay is down)."""
        total = DeliveryReport()
        while True:
            report = self.deliver_due(batch_size)
            total.add(report)
            if report.handled < batch_size or report.retrying:
                return total

    def _deliver_one(self, message_id: int, report: DeliveryReport) -> None:
        with self.sessions.writer() as session:
            still_mine = queue.renew_lease(session, message_id, worker=self.name, now=self.now())
            session.commit()
        if not still_mine:
            return
        outcome, email = self._compose(message_id)
        if isinstance(outcome, str):
            with self.sessions.writer() as session:
                queue.mark_skipped(session, message_id, outcome, worker=self.name)
                session.commit()
            report.skipped += 1
            return
        if outcome is None:
            try:
                self.transport.send(email)
            except RelayDown:
                raise
            except (TemporaryFailure, PermanentFailure) as error:
                outcome = error
            except Exception as error:  # noqa: BLE001 - a message that cannot be sent fails alone
                outcome = PermanentFailure(f"Could not send the message: {error!r}")
        self._record(message_id, outcome, report)

    def _compose(self, message_id: int):
        """(None, email) to send; (reason, None) to skip; (failure, None) when it cannot be
        written: temporary if the database hiccuped, permanent otherwise."""
        with self.sessions.reader() as session:
            message = session.get(OutboxMessage, message_id)
            if message is None:
                return "The message was removed while it was being sent.", None
            try:
                reason = reason_to_skip(session, message, self.now())
                if reason:
                    return reason, None
                return None, compose(session, message, self.settings)
            except DBAPIError as error:
                return TemporaryFailure(f"Database error while composing: {error}"), None
            except Exception as error:  # noqa: BLE001 - a message that cannot be written fails alone
                return PermanentFailure(f"Could not compose the message: {error!r}"), None

    def _record(self, message_id: int, outcome: Exception | None, report: DeliveryReport) -> None:
        with self.sessions.writer() as session:
            if outcome is None:
                queue.mark_sent(session, message_id, worker=self.name, now=self.now())
                report.sent += 1
            else:
                message = session.get(OutboxMessage, message_id)
                if _still_held(message, self.name):
                    report.count(
                        queue.mark_failed(
                            session,
                            message,
                            str(outcome),
                            now=self.now(),
                            permanent=isinstance(outcome, PermanentFailure),
                            max_attempts=self.max_attempts,
                        )
                    )
            session.commit()

    def _release(self, claimed: list[int], error: str, report: DeliveryReport) -> None:
        """Put back every claimed message not yet sent; a relay outage never fails a message."""
        with self.sessions.writer() as session:
            for message_id in claimed:
                message = session.get(OutboxMessage, message_id)
                if _still_held(message, self.name):
                    report.count(
                        queue.mark_failed(
                            session,
                            message,
                            error,
                            now=self.now(),
                            permanent=False,
                            max_attempts=None,
                        )
                    )
            session.commit()


def _still_held(message: OutboxMessage | None, worker: str) -> bool:
    """Whether the message is still there and this worker's to mark (a closed account's
    messages can be erased meanwhile, and a lost lease belongs to another worker)."""
    return (
        message is not None
        and message.status == MessageStatus.SENDING
        and message.claimed_by == worker
    )
