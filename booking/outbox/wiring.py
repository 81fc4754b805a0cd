"""The delivery worker made from the app's settings: SMTP when ``BOOKING_SMTP_HOST`` is set,
otherwise .eml files under instance/mail/."""

from collections.abc import Mapping
from pathlib import Path

from booking.core.clock import utcnow
from booking.core.links import Links
from booking.db import Sessions
from booking.outbox.composing import MailSettings
from booking.outbox.transports import DirectoryTransport, SmtpSettings, SmtpTransport
from booking.outbox.worker import Worker


def mail_settings(config: Mapping) -> MailSettings:
    return MailSettings(
        links=Links(config["BASE_URL"]),
        secret_key=config["SECRET_KEY"],
        sender=config["MAIL_SENDER"],
        sender_name=config["MAIL_SENDER_NAME"] or f"{config['PARTNERSHIP_NAME']} training",
    )


def transport(config: Mapping) -> SmtpTransport | DirectoryTransport:
    if config["SMTP_HOST"]:
        return SmtpTransport(
            SmtpSettings(
                host=config["SMTP_HOST"],
                port=config["SMTP_PORT"],
                security=config["SMTP_SECURITY"],
                username=config["SMTP_USERNAME"],
                password=config["SMTP_PASSWORD"],
            )
        )
    return DirectoryTransport(Path(config["MAIL_DIRECTORY"]))


def worker(config: Mapping, sessions: Sessions) -> Worker:
    return Worker(
        sessions=sessions,
        transport=transport(config),
        settings=mail_settings(config),
        now=utcnow,
        max_attempts=config["MAIL_MAX_ATTEMPTS"],
    )
