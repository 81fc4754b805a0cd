"""Deliver the app's outbox through the real worker into a folder, and read the emails back."""

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from booking.core.clock import utcnow
from booking.outbox.transports import DirectoryTransport
from booking.outbox.wiring import mail_settings
from booking.outbox.worker import Worker


def deliver(app, folder: Path, clock=utcnow) -> list[EmailMessage]:
    """Run the delivery worker once into ``folder`` (at the time ``clock`` tells: a
    ``tests.outbox.conftest.Clock`` moved on sends what is held back); return every email
    there, oldest first."""
    Worker(
        app.extensions["sessions"], DirectoryTransport(folder), mail_settings(app.config), clock
    ).deliver_all_due()
    files = sorted(folder.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    return [BytesParser(policy=policy.default).parse(path.open("rb")) for path in files]


def text_of(email: EmailMessage) -> str:
    return email.get_body(preferencelist=("plain",)).get_content()


def link_in(email: EmailMessage, path_prefix: str) -> str:
    """The path of the first link in the email's text that starts with ``path_prefix``."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}[^\s]*)", text_of(email))
    assert match, f"no link to {path_prefix} in: {text_of(email)}"
    return match.group(1)
