"""What each email says, composed from an outbox row and the current state of its booking.

Messages read like GOV.UK Notify's: what, when (Europe/London, as people write it), where, what
to bring, how to cancel. Each has a text and an HTML part. Booking confirmations carry the event
as an invitation (.ics, METHOD:REQUEST, the booking's UID) and the QR ticket as an inline PNG;
changes carry the same UID with a higher SEQUENCE; cancellations carry METHOD:CANCEL.
"""

import io
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import qrcode
from jinja2 import Environment, FileSystemLoader, select_autoescape

from booking.config import PROJECT_ROOT
from booking.formatting import date_range, without_control_characters
from booking.models import BookingStatus, MessageKind, OutboxMessage
from booking.services import account_emails
from booking.services.calendars import booking_calendar

_templates = Environment(
    loader=FileSystemLoader(Path(PROJECT_ROOT) / "templates" / "email"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class MailSettings:
    base_url: str
    secret_key: str
    sender: str
    sender_name: str

    @property
    def domain(self) -> str:
        return self.base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


@dataclass
class Content:
    subject: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    link: tuple[str, str] | None = None
    after: list[str] = field(default_factory=list)
    invitation: str | None = None  # "REQUEST" or "CANCEL"
    ticket_qr: bool = False
    unsubscribe_url: str | None = None


def one_line(text: str) -> str:
    """Header-safe text: no line breaks or control characters can reach a header."""
    return " ".join(without_control_characters(text).split())


def compose(message: OutboxMessage, settings: MailSettings) -> EmailMessage:
    """The email for an outbox row, with a Message-ID that stays the same on every attempt."""
    content = _CONTENT[message.kind](message, settings)
    email = EmailMessage()
    email["Subject"] = one_line(content.subject)
    email["From"] = Address(one_line(settings.sender_name), addr_spec=settings.sender)
    email["To"] = Address(one_line(message.to_name), addr_spec=one_line(message.to_address))
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = f"<{message.message_key}@{settings.domain}>"
    email["Auto-Submitted"] = "auto-generated"
    if content.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{content.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    context = {"content": content, "settings": settings, "name": message.to_name}
    email.set_content(_templates.get_template("message.txt").render(context))
    email.add_alternative(_templates.get_template("message.html").render(context), subtype="html")
    if content.ticket_qr:
        _attach_qr(email, _ticket_url(message, settings))
    if content.invitation:
        _attach_invitation(email, message, settings, content.invitation)
    return email


def _attach_qr(email: EmailMessage, url: str) -> None:
    buffer = io.BytesIO()
    qrcode.make(url, border=2, box_size=8).save(buffer, format="PNG")
    html_part = email.get_payload()[1]
    html_part.add_related(
        buffer.getvalue(),
        maintype="image",
        subtype="png",
        cid="<ticket-qr>",
        filename="ticket.png",
        disposition="inline",
    )


def _attach_invitation(
    email: EmailMessage, message: OutboxMessage, settings: MailSettings, method: str
) -> None:
    body = booking_calendar(
        message.booking,
        ticket_url=_ticket_url(message, settings),
        host=settings.domain,
        now=message.created_at,
        method=method,
        organiser_email=settings.sender,
    )
    email.add_attachment(
        body,
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
        params={"method": method, "charset": "utf-8"},  # names like Siobhán, in any client
    )


def _url(settings: MailSettings, path: str) -> str:
    return settings.base_url.rstrip("/") + path


def _ticket_url(message: OutboxMessage, settings: MailSettings) -> str:
    return _url(settings, f"/t/{message.booking.ticket_token}")


def _facts(message: OutboxMessage) -> list[tuple[str, str]]:
    event = message.booking.event
    where = event.venue or "Online"
    facts = [
        ("Event", event.title),
        ("When", date_range(event.starts_at, event.ends_at)),
        ("Where", where),
    ]
    if event.parent is not None:
        facts.insert(1, ("Part of", event.parent.title))
    if event.online_url and message.booking.status == BookingStatus.CONFIRMED:
        facts.append(("Join online", event.online_url))  # only for people holding a place
    return facts


def _manage_paragraph(settings: MailSettings) -> str:
    return (
        "If you cannot come, cancel your place so someone on the waiting list can have it: "
        + _url(settings, "/bookings")
    )


def _confirmed(message, settings):
    event = message.booking.event
    return Content(
        subject=f"Booking confirmed: {event.title}",
        heading="Your place is booked",
        paragraphs=[f"You have a place on {event.title}."],
        facts=_facts(message),
        link=("View your ticket", _ticket_url(message, settings)),
        after=[
            "Show the QR code in this email or on your ticket page at the door.",
            "Tell us about any access or dietary needs by replying to this email.",
            _manage_paragraph(settings),
        ],
        invitation="REQUEST",
        ticket_qr=True,
    )


def _promoted(message, settings):
    content = _confirmed(message, settings)
    content.subject = f"You have a place: {message.booking.event.title}"
    content.heading = "A place has become free, and it is yours"
    content.paragraphs = [
        f"You were on the waiting list for {message.booking.event.title}. "
        "A place became free, so you now have one."
    ]
    return content


def _waitlisted(message, settings):
    event = message.booking.event
    return Content(
        subject=f"You are on the waiting list: {event.title}",
        heading="You are on the waiting list",
        paragraphs=[
            f"{event.title} is fully booked. If a place becomes free, it will be "
            "given to you automatically and we will email you."
        ],
        facts=_facts(message),
        after=[
            "If you no longer want a place, leave the waiting list: " + _url(settings, "/bookings")
        ],
    )


def _cancelled(message, settings):
    event = message.booking.event
    by_organiser = message.kind == MessageKind.BOOKING_CANCELLED_BY_ORGANISER
    return Content(
        subject=f"Booking cancelled: {event.title}",
        heading="Your booking has been cancelled",
        paragraphs=[
            "The organisers have cancelled your booking."
            if by_organiser
            else "You cancelled your booking. Your place has gone to the next person "
            "on the waiting list."
        ],
        facts=_facts(message),
        after=["To book again, find the event: " + _url(settings, f"/events/{event.id}")],
        invitation="CANCEL",
    )


def _event_changed(message, settings):
    event = message.booking.event
    changed = message.payload.get("changed", [])
    was = message.payload.get("was", {})
    paragraphs = [f"The {' and '.join(changed)} of {event.title} has changed."]
    confirmed = message.booking.status == BookingStatus.CONFIRMED
    paragraphs += [
        f"It was: {was[item]}"
        for item in changed
        if was.get(item) and (confirmed or item != "online link")
    ]
    return Content(
        subject=f"Change to {event.title}",
        heading=f"The {' and '.join(changed)} has changed",
        paragraphs=paragraphs,
        facts=_facts(message),
        after=[_manage_paragraph(settings)],
        invitation="REQUEST" if confirmed else None,
        ticket_qr=confirmed,
    )


def _event_cancelled(message, settings):
    event = message.booking.event
    return Content(
        subject=f"Cancelled: {event.title}",
        heading="This event has been cancelled",
        paragraphs=[
            f"We are sorry: {event.title} has been cancelled. You do not need to do anything."
        ],
        facts=_facts(message),
        after=["Find other training: " + _url(settings, "/events")],
        invitation="CANCEL",
    )


def _reminder(message, settings):
    event = message.booking.event
    token = account_emails.reminders_off_token(settings.secret_key, message.user)
    return Content(
        subject=f"Reminder: {event.title}, {date_range(event.starts_at, event.ends_at)}",
        heading="See you soon",
        paragraphs=[f"This is a reminder that you have a place on {event.title}."],
        facts=_facts(message),
        link=("View your ticket", _ticket_url(message, settings)),
        after=[
            _manage_paragraph(settings),
            "To stop reminder emails: " + _url(settings, f"/reminders/off/{token}"),
        ],
        ticket_qr=True,
        unsubscribe_url=_url(settings, f"/reminders/off/{token}"),
    )


def _feedback(message, settings):
    event = message.booking.event
    return Content(
        subject=f"Tell us how it went: {event.title}",
        heading="Tell us how it went",
        paragraphs=[
            f"Thank you for coming to {event.title}. Your feedback helps us plan "
            "training that is useful to you and your colleagues."
        ],
        link=("Give feedback", _url(settings, f"/bookings/{message.booking.id}/ticket")),
    )


def _confirm_email(message, settings):
    token = account_emails.confirmation_token(settings.secret_key, message.user)
    return Content(
        subject="Confirm your email address",
        heading="Confirm your email address",
        paragraphs=[
            "You created an account to book training. Confirm your email address to "
            "start booking. The link works for 3 days."
        ],
        link=("Confirm your email address", _url(settings, f"/confirm-email/{token}")),
        after=["If you did not create an account, you can ignore this email."],
    )


def _reset_password(message, settings):
    token = account_emails.reset_token(settings.secret_key, message.user)
    return Content(
        subject="Reset your password",
        heading="Reset your password",
        paragraphs=[
            "Someone asked to reset the password for your account. The link works once, for 1 hour."
        ],
        link=("Choose a new password", _url(settings, f"/reset-password/{token}")),
        after=["If it was not you, ignore this email: your password stays the same."],
    )


_CONTENT = {
    MessageKind.BOOKING_CONFIRMED: _confirmed,
    MessageKind.PROMOTED: _promoted,
    MessageKind.WAITLIST_JOINED: _waitlisted,
    MessageKind.BOOKING_CANCELLED: _cancelled,
    MessageKind.BOOKING_CANCELLED_BY_ORGANISER: _cancelled,
    MessageKind.EVENT_CHANGED: _event_changed,
    MessageKind.EVENT_CANCELLED: _event_cancelled,
    MessageKind.REMINDER: _reminder,
    MessageKind.FEEDBACK_REQUEST: _feedback,
    MessageKind.CONFIRM_EMAIL: _confirm_email,
    MessageKind.RESET_PASSWORD: _reset_password,
}
