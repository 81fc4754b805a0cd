"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the email tests, and a worker to drive it."""

import asyncio
import socket
from dataclasses import dataclass, field
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from aiosmtpd.controller import Controller

from booking.core.clock import utcnow
from booking.outbox.transports import SmtpSettings, SmtpTransport
from booking.outbox.wiring import mail_settings
from booking.outbox.worker import Worker


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Relay:
    """What the SMTP server received, and how it should behave."""

    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list[list[str]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    delay: float = 0.0
    busy: bool = False  # answer every message with a temporary error

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.busy:
            return "451 4.3.0 Mail server busy, try again later"
        self.received.append(BytesParser(policy=policy.default).parsebytes(envelope.content))
        self.envelopes.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for message in self.received]


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.relay = Relay()
        self.controller = Controller(self.relay, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


class Clock:
    """The worker's clock: real time, moved forward when a test needs retries to fall due."""

    def __init__(self):
        self.offset = timedelta()

    def __call__(self):
        return utcnow() + self.offset

    def advance(self, **delta):
        self.offset += timedelta(**delta)


def smtp_worker(app, port: int, clock=utcnow, max_attempts: int = 8) -> Worker:
    transport = SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, security="none", timeout=5))
    return Worker(
        app.extensions["sessions"],
        transport,
        mail_settings(app.config),
        clock,
        max_attempts=max_attempts,
    )
