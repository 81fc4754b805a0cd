"""Turning an outbox row into an email, through the composer its context registered.

Messages read like GOV.UK Notify's: a heading, what, when (as people write it), where, a link,
what to do next. Each has a text and an HTML part, an inline image (a ticket's QR code) and
attachments (a calendar invitation) when its content has them. The outbox itself says nothing:
each context's ``emails.py`` registers a composer per kind of message.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from booking.config import PROJECT_ROOT
from booking.core.formatting import header_text
from booking.core.links import Links
from booking.outbox.models import OutboxMessage

_templates = Environment(
    loader=FileSystemLoader(Path(PROJECT_ROOT) / "templates" / "email"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class MailSettings:
    links: Links
    secret_key: str
    sender: str
    sender_name: str

    @property
    def domain(self) -> str:
        """The right-hand side of Message-IDs: the public host, as in calendar UIDs."""
        return self.links.host


@dataclass(frozen=True)
class InlineImage:
    cid: str
    alt: str
    png: bytes


@dataclass(frozen=True)
class Attachment:
    filename: str
    subtype: str  # of text/..., like "calendar"
    body: bytes
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Formatted:
    """Text a person wrote (a network's message), read once into safe HTML (markup typed in
    shown as text) and its plain-text twin: the email's two parts say the same."""

    html: Markup
    text: str


@dataclass
class Content:
    subject: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    link: tuple[str, str] | None = None
    after: list[str] = field(default_factory=list)
    image: InlineImage | None = None
    attachments: list[Attachment] = field(default_factory=list)
    unsubscribe_url: str | None = None
    formatted: Formatted | None = None  # after the paragraphs


WriteContent = Callable[[Session, OutboxMessage, MailSettings], Content]
# Why a queued message should no longer be sent (the state moved on), or None to send it.
StillApplies = Callable[[Session, OutboxMessage, datetime], str | None]


@dataclass(frozen=True)
class Composer:
    content: WriteContent
    reason_to_skip: StillApplies | None = None


_COMPOSERS: dict[str, Composer] = {}


def register(kind: str, content: WriteContent, reason_to_skip: StillApplies | None = None) -> None:
    """Say how messages of ``kind`` are written (and when they no longer apply). Each kind is
    registered once, by the context whose change causes it."""
    if kind in _COMPOSERS and _COMPOSERS[kind].content is not content:
        raise ValueError(f"a composer for {kind!r} is registered already")
    _COMPOSERS[kind] = Composer(content, reason_to_skip)


def registered_kinds() -> set[str]:
    return set(_COMPOSERS)


# The reserved domain (RFC 2606) of people who have no email address (a parent referred with a
# phone number only): they need a unique address, and nothing is ever sent to one.
NO_ADDRESS_DOMAIN = "no-address.invalid"


def has_no_address(address: str) -> bool:
    """Whether the address stands for a person with no email address (never sent to)."""
    return address.lower().endswith(".invalid")


def reason_to_skip(session: Session, message: OutboxMessage, now: datetime) -> str | None:
    """Why the message should not be sent any more, or None to send it."""
    if not message.to_address:
        return "No address to send to: the account was closed."
    if has_no_address(message.to_address):
        return "No address to send to: the person has no email address."
    check = _composer(message).reason_to_skip
    return check(session, message, now) if check else None


class _LinkHeader(UnstructuredHeader):
    """A header holding one link, written on one line as it is: folding would have to encode
    a long link (it has no spaces to fold at), which mail programs offering one-click
    unsubscribe do not read. RFC 5322 allows 998 characters a line."""

    def fold(self, *, policy):
        if not str(self).isascii() or len(self.name) + len(str(self)) > 990:
            return super().fold(policy=policy)
        return f"{self.name}: {self}{policy.linesep}"


_HEADERS = HeaderRegistry()
_HEADERS.map_to_type("list-unsubscribe", _LinkHeader)

# Refuses to write a header with a line break in it, where the Python has the setting (3.11.10,
# 3.12.5 and later); ``refuse_bad_headers`` checks the written bytes on every version.
_SENDING = policy.SMTP.clone(header_factory=_HEADERS)
if hasattr(policy.SMTP, "verify_generated_headers"):
    _SENDING = _SENDING.clone(verify_generated_headers=True)


def compose(session: Session, message: OutboxMessage, settings: MailSettings) -> EmailMessage:
    """The email for an outbox row, with a Message-ID that stays the same on every attempt."""
    content = _composer(message).content(session, message, settings)
    email = EmailMessage(policy=_SENDING)  # how it is written when sent, too
    email["Subject"] = header_text(content.subject)
    email["From"] = Address(header_text(settings.sender_name), addr_spec=settings.sender)
    email["To"] = Address(header_text(message.to_name), addr_spec=header_text(message.to_address))
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = f"<{message.message_key}@{settings.domain}>"
    email["Auto-Submitted"] = "auto-generated"
    if content.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{content.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    context = {"content": content, "settings": settings, "name": message.to_name}
    email.set_content(_templates.get_template("message.txt").render(context))
    email.add_alternative(_templates.get_template("message.html").render(context), subtype="html")
    if content.image:
        email.get_payload()[1].add_related(
            content.image.png,
            maintype="image",
            subtype="png",
            cid=f"<{content.image.cid}>",
            filename=f"{content.image.cid}.png",
            disposition="inline",
        )
    for attachment in content.attachments:
        email.add_attachment(
            attachment.body,
            maintype="text",
            subtype=attachment.subtype,
            filename=attachment.filename,
            params=attachment.params,
        )
    refuse_bad_headers(email)
    return email


class BadHeaders(ValueError):
    """The email would go out with headers other than the ones it was given."""


def refuse_bad_headers(email: EmailMessage) -> None:
    """Write the email as it will be sent and read its header block back: every line is one of
    the headers set (or a folded continuation of one), in order. Raises BadHeaders otherwise."""
    written = email.as_bytes(policy=_SENDING).split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    names = [
        line.split(b":", 1)[0].decode("ascii", "replace")
        for line in written
        if line[:1] not in b" \t"
    ]
    stray = [line for line in written if b"\r" in line or b"\n" in line or not line]
    if stray or [n.lower() for n in names] != [n.lower() for n in email]:
        raise BadHeaders("The email's headers would not be the ones it was given")


def _composer(message: OutboxMessage) -> Composer:
    try:
        return _COMPOSERS[message.kind]
    except KeyError:
        raise LookupError(f"no composer is registered for {message.kind!r}") from None
