"""Wiring the delivery worker to the app's configuration (SMTP, or .eml files in instance/mail)."""

from pathlib import Path

from flask import Flask

from booking.models import utcnow
from booking.services.delivery import DirectoryTransport, SmtpSettings, SmtpTransport, Worker
from booking.services.mail import MailSettings


def mail_settings(app: Flask) -> MailSettings:
    config = app.config
    return MailSettings(
        base_url=config["BASE_URL"],
        secret_key=config["SECRET_KEY"],
        sender=config["MAIL_SENDER"],
        sender_name=config["MAIL_SENDER_NAME"] or f"{config['PARTNERSHIP_NAME']} training",
    )


def transport(app: Flask):
    """SMTP when BOOKING_SMTP_HOST is set, otherwise .eml files under instance/mail/."""
    config = app.config
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


def worker(app: Flask) -> Worker:
    readers, writers = app.extensions["sessions"]
    return Worker(
        readers=readers,
        writers=writers,
        transport=transport(app),
        settings=mail_settings(app),
        now=utcnow,
        max_attempts=app.config["MAIL_MAX_ATTEMPTS"],
    )
