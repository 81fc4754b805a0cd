"""How messages leave: over SMTP to a relay, or as .eml files into a folder (the default when
no relay is configured). A failure says whether to retry: the relay is down, it could not take
the message now, or it refused the message for good."""

import contextlib
import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path


class TemporaryFailure(Exception):
    """The relay could not take the message now: try again later."""


class RelayDown(TemporaryFailure):
    """The relay cannot be reached: every message left in the batch waits for the next try."""


class PermanentFailure(Exception):
    """The relay refused the message for good (for example, an unknown recipient)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"  # "starttls", "tls" or "none"
    username: str = ""
    password: str = ""
    timeout: float = 30.0


class SmtpTransport:
    """Sends over one SMTP connection per batch."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def __enter__(self):
        s = self.settings
        try:
            if s.security == "tls":
                self.connection = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
                )
            else:
                self.connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    self.connection.starttls(context=ssl.create_default_context())
            if s.username:
                self.connection.login(s.username, s.password)
        except (OSError, smtplib.SMTPException) as error:
            self.connection = None
            raise RelayDown(f"Could not reach the mail relay: {error}") from error
        return self

    def __exit__(self, *exc):
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.quit()
        self.connection = None

    def send(self, email: EmailMessage) -> None:
        try:
            self.connection.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            answers = "; ".join(
                f"{code} {text.decode(errors='replace')}"
                for code, text in error.recipients.values()
            )
            raise PermanentFailure(f"Recipient refused: {answers}") from error
        except smtplib.SMTPResponseException as error:
            answer = f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
            if 500 <= error.smtp_code < 600:
                raise PermanentFailure(answer) from error
            raise TemporaryFailure(answer) from error
        except (OSError, smtplib.SMTPException) as error:
            raise RelayDown(f"Mail relay failed: {error}") from error


class DirectoryTransport:
    """Writes each message as an .eml file (the default when no mail relay is configured)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def __enter__(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc):
        return None

    def send(self, email: EmailMessage) -> None:
        key = email["Message-ID"].strip("<>").split("@", 1)[0]
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(email.as_bytes())
        os.replace(temporary, self.directory / f"{key}.eml")
