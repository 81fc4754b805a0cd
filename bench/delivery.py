"""One delivery worker's throughput over SMTP, on the round's database before gunicorn starts.

``MESSAGES`` booking confirmations (the heaviest email: text, HTML, .ics invitation and
an inline QR PNG) enqueued for seeded bookings, sent by one ``Worker`` with
``deliver_all_due(batch_size=BATCH_SIZE)`` over SMTP to aiosmtpd on 127.0.0.1, which accepts
everything and notes each Message-ID. The time covers claiming, composing, sending and marking
sent. The relay runs in a thread here, as in the tests; in a separate process it measured the
same within noise. The rows are deleted afterwards, so gunicorn meets the seeded data.
"""

import re
import secrets
import time
from datetime import datetime

from aiosmtpd.controller import Controller
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from bench.client import BenchError
from bench.servers import free_port
from booking.bookings import notifications
from booking.core.clock import utcnow
from booking.core.links import Links
from booking.db import Sessions
from booking.models import Booking, OutboxMessage
from booking.outbox.composing import MailSettings
from booking.outbox.transports import SmtpSettings, SmtpTransport
from booking.outbox.worker import Worker

MESSAGES = 300
BATCH_SIZE = 50
_HEADERS_END = re.compile(rb"\r?\n\r?\n")
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(\S+)", re.I | re.M)


class Relay:
    """aiosmtpd handler: accept every message and keep its Message-ID."""

    def __init__(self):
        self.message_ids: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        headers = _HEADERS_END.split(envelope.content, maxsplit=1)[0]
        match = _MESSAGE_ID.search(headers)
        self.message_ids.append(match.group(1) if match else b"")
        return "250 Message accepted for delivery"


def _after_the_hold() -> datetime:
    return utcnow() + notifications.CONFIRMATION_HELD_FOR


def time_delivery(readers, writers, booking_ids: list[int]) -> dict:
    """Enqueue a confirmation per booking, deliver them all with one worker, then delete them."""
    settings = MailSettings(
        links=Links("https://training.example.org"),
        secret_key=secrets.token_urlsafe(32),
        sender="training@example.org",
        sender_name="Bench safeguarding training",
    )
    with writers() as session:
        if waiting := session.scalar(select(func.count()).select_from(OutboxMessage)):
            raise BenchError(f"the outbox already holds {waiting} messages")
        chosen = session.scalars(
            select(Booking).where(Booking.id.in_(booking_ids)).options(selectinload(Booking.person))
        ).all()
        now = utcnow()
        for booking in chosen:
            notifications.booked(session, booking, now=now)  # a confirmation: they are confirmed
        message_ids = session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.booking_id.in_(booking_ids))
        ).all()
        keys = session.scalars(
            select(OutboxMessage.message_key).where(OutboxMessage.id.in_(message_ids))
        ).all()
        session.commit()
    expected = {f"<{key}@{settings.domain}>".encode() for key in keys}
    relay, port = Relay(), free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    try:
        controller.start()
        transport = SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, security="none"))
        # A conference's confirmation is held back a while: deliver as when all are due.
        worker = Worker(Sessions(readers, writers), transport, settings, _after_the_hold)
        start = time.perf_counter()
        report = worker.deliver_all_due(batch_size=BATCH_SIZE)
        seconds = time.perf_counter() - start
    finally:
        try:
            controller.stop(no_assert=True)  # also after a failed start
        finally:
            with writers() as session:
                session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(message_ids)))
                session.commit()
    received = relay.message_ids
    return {
        "messages": len(message_ids),
        "seconds": seconds,
        "sent": report.sent,
        "retrying": report.retrying,
        "failed": report.failed,
        "received": len(received),
        "distinct_ids": len(set(received)),
        "matching_ids": len(expected & set(received)),
    }
