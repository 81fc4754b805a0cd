"""Booking emails: what each says (registered with the outbox), and when one queued earlier no
longer applies.

Booking confirmations carry the event as an invitation (.ics, METHOD:REQUEST, the booking's
UID) and the QR ticket as an inline PNG; changes carry the same UID with a higher SEQUENCE;
cancellations carry METHOD:CANCEL.
"""

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from booking.accounts.tokens import reminders_off_token
from booking.bookings.calendars import booking_calendar
from booking.bookings.choices import chosen_workshops, describe_choices
from booking.bookings.models import Booking, BookingStatus
from booking.core.formatting import date_range
from booking.core.qr import qr_png
from booking.events.rules import is_cancelled, where
from booking.outbox.composing import Attachment, Content, InlineImage, MailSettings, register
from booking.outbox.models import OutboxMessage


class BookingEmail(StrEnum):
    CONFIRMED = "booking_confirmed"
    WAITLIST_JOINED = "waitlist_joined"
    PROMOTED = "promoted"
    CANCELLED = "booking_cancelled"
    CANCELLED_BY_ORGANISER = "booking_cancelled_by_organiser"
    EVENT_CHANGED = "event_changed"
    EVENT_CANCELLED = "event_cancelled"
    REMINDER = "reminder"
    WORKSHOPS_CHANGED = "workshops_changed"


def _facts(booking: Booking) -> list[tuple[str, str]]:
    event = booking.event
    facts = [
        ("Event", event.title),
        ("When", date_range(event.starts_at, event.ends_at)),
        ("Where", where(event.venue)),
    ]
    if event.parent is not None:
        facts.insert(1, ("Part of", event.parent.title))
    if event.online_url and booking.status == BookingStatus.CONFIRMED:
        facts.append(("Join online", event.online_url))  # only for people holding a place
    return facts


def _manage_paragraph(settings: MailSettings) -> str:
    return (
        "If you cannot come, cancel your place so someone on the waiting list can have it: "
        + settings.links.to("my_bookings")
    )


def _ticket(booking: Booking, settings: MailSettings) -> InlineImage:
    return InlineImage(
        cid="ticket-qr",
        alt="QR code of your ticket: show it at the door",
        png=qr_png(settings.links.ticket(booking.ticket_token)),
    )


def _invitation(booking: Booking, message: OutboxMessage, settings: MailSettings, method: str):
    body = booking_calendar(
        booking,
        ticket_url=settings.links.ticket(booking.ticket_token),
        host=settings.links.host,
        now=message.created_at,
        method=method,
        organiser=(settings.sender_name, settings.sender),
        workshops=describe_choices(chosen_workshops(session_of(booking), booking)),
    )
    return Attachment(
        filename="invite.ics",
        subtype="calendar",
        body=body,
        params={"method": method, "charset": "utf-8"},  # names like Siobhán, in any client
    )


def _confirmed(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    event = booking.event
    workshops = describe_choices(chosen_workshops(session_of(booking), booking))
    return Content(
        subject=f"Booking confirmed: {event.title}",
        heading="Your place is booked",
        paragraphs=[f"You have a place on {event.title}.", *_listed(booking, workshops)],
        facts=_facts(booking),
        link=("View your ticket", settings.links.ticket(booking.ticket_token)),
        after=[
            "Show the QR code in this email or on your ticket page at the door.",
            *_choose_paragraph(booking, settings),
            "Tell the trainers about any access or dietary needs: "
            + settings.links.to("booking_needs", booking_id=booking.id),
            _manage_paragraph(settings),
        ],
        image=_ticket(booking, settings),
        attachments=[_invitation(booking, message, settings, "REQUEST")],
    )


def place_content(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    """What a confirmation says for a place, or a waiting-list email for a place in the queue
    (emails about bookings made by someone else start from it)."""
    if booking.status == BookingStatus.CONFIRMED:
        return _confirmed(booking, message, settings)
    return _waitlisted(booking, message, settings)


def session_of(booking: Booking) -> Session:
    """The session the composer read the booking in (to read the workshops chosen)."""
    return Session.object_session(booking)


def _listed(booking: Booking, workshops: list[str]) -> list[str]:
    """A delegate's workshops, as the email lists them."""
    if not booking.event.is_conference:
        return []
    if not workshops:
        return ["You have not chosen any workshops yet."]
    return ["Your workshops:", *workshops]


def _choose_paragraph(booking: Booking, settings: MailSettings) -> list[str]:
    if not booking.event.is_conference:
        return []
    link = settings.links.to("booking_workshops", booking_id=booking.id)
    return ["Choose or change your workshops: " + link]


def _workshops_changed(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    """The delegate's one calendar entry sent again: what happened first, then their
    workshops as they are now."""
    content = _confirmed(booking, message, settings)
    content.subject = f"Your workshops: {booking.event.title}"
    heading, happened = _what_happened(booking.event.title, message.payload)
    content.heading = heading
    content.paragraphs = [*happened, *content.paragraphs[1:]]
    return content


def _what_happened(title: str, payload: dict) -> tuple[str, list[str]]:
    if payload.get("promoted"):
        return "A place has become free, and it is yours", [
            f"You were on the waiting list for {payload['promoted']} at {title}. "
            "A place became free, so you now have one."
        ]
    if payload.get("cancelled"):
        return "A workshop has been cancelled", [
            f"We are sorry: {payload['cancelled']} at {title} has been cancelled. Your place "
            "on the conference is unchanged, and you can choose another workshop."
        ]
    if payload.get("workshop"):
        changed = " and ".join(payload.get("changed", []))
        was = payload.get("was", {})
        return f"The {changed} of a workshop has changed", [
            f"The {changed} of {payload['workshop']} has changed.",
            *(
                f"It was: {was[item]}"
                for item in payload.get("changed", [])
                if was.get(item) and item != "online link"
            ),
        ]
    if payload.get("first"):
        return "Your workshops", [f"You have a place on {title}."]
    return "Your workshops have changed", [f"Your place on {title} is unchanged."]


def _promoted(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    content = _confirmed(booking, message, settings)
    content.subject = f"You have a place: {booking.event.title}"
    content.heading = "A place has become free, and it is yours"
    content.paragraphs = [
        f"You were on the waiting list for {booking.event.title}. "
        "A place became free, so you now have one."
    ]
    return content


def _waitlisted(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    event = booking.event
    return Content(
        subject=f"You are on the waiting list: {event.title}",
        heading="You are on the waiting list",
        paragraphs=[
            f"{event.title} is fully booked. If a place becomes free, it will be "
            "given to you automatically and we will email you."
        ],
        facts=_facts(booking),
        after=[
            "If you no longer want a place, leave the waiting list: "
            + settings.links.to("my_bookings")
        ],
    )


def _cancelled(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    event = booking.event
    if booking.left_waiting_list:
        return _left_waiting_list(booking, message, settings)
    if message.kind == BookingEmail.CANCELLED_BY_ORGANISER:
        said = "The organisers have cancelled your booking."
        if message.payload.get("reason"):
            said += f" Their reason: {message.payload['reason']}"
    elif message.payload.get("passed_on"):
        said = "You cancelled your booking. Your place has gone to the next person on the list."
    else:
        said = "You cancelled your booking."
    return Content(
        subject=f"Booking cancelled: {event.title}",
        heading="Your booking has been cancelled",
        paragraphs=[said],
        facts=_facts(booking),
        after=["To book again, find the event: " + settings.links.event(event.id)],
        attachments=[_invitation(booking, message, settings, "CANCEL")],
    )


def _left_waiting_list(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    """A waiting-list place given up: no booking was cancelled, and no calendar entry sent."""
    event = booking.event
    if message.kind == BookingEmail.CANCELLED_BY_ORGANISER:
        said = f"The organisers have taken you off the waiting list for {event.title}."
    else:
        said = f"You are no longer on the waiting list for {event.title}."
    return Content(
        subject=f"You have left the waiting list: {event.title}",
        heading="You have left the waiting list",
        paragraphs=[said],
        facts=_facts(booking),
        after=["To join the waiting list again, find the event: " + settings.links.event(event.id)],
    )


def _event_changed(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    event = booking.event
    changed = message.payload.get("changed", [])
    was = message.payload.get("was", {})
    paragraphs = [f"The {' and '.join(changed)} of {event.title} has changed."]
    confirmed = booking.status == BookingStatus.CONFIRMED
    paragraphs += [
        f"It was: {was[item]}"
        for item in changed
        if was.get(item) and (confirmed or item != "online link")
    ]
    return Content(
        subject=f"Change to {event.title}",
        heading=f"The {' and '.join(changed)} has changed",
        paragraphs=paragraphs,
        facts=_facts(booking),
        after=[_manage_paragraph(settings)],
        image=_ticket(booking, settings) if confirmed else None,
        attachments=[_invitation(booking, message, settings, "REQUEST")] if confirmed else [],
    )


def _event_cancelled(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    event = booking.event
    return Content(
        subject=f"Cancelled: {event.title}",
        heading="This event has been cancelled",
        paragraphs=[
            f"We are sorry: {event.title} has been cancelled. You do not need to do anything.",
            *(
                [f"A message from the organisers: {message.payload['message']}"]
                if message.payload.get("message")
                else []
            ),
        ],
        facts=_facts(booking),
        after=["Find other training: " + settings.links.to("events")],
        attachments=[_invitation(booking, message, settings, "CANCEL")],
    )


def _reminder(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    event = booking.event
    token = reminders_off_token(settings.secret_key, booking.person)
    return Content(
        subject=f"Reminder: {event.title}, {date_range(event.starts_at, event.ends_at)}",
        heading="See you soon",
        paragraphs=[
            f"This is a reminder that you have a place on {event.title}.",
            *_listed(booking, describe_choices(chosen_workshops(session_of(booking), booking))),
        ],
        facts=_facts(booking),
        link=("View your ticket", settings.links.ticket(booking.ticket_token)),
        after=[
            _manage_paragraph(settings),
            "To stop reminder emails: " + settings.links.to("reminders_off", token=token),
        ],
        image=_ticket(booking, settings),
        unsubscribe_url=settings.links.to("reminders_off", token=token),
    )


# The booking status a message needs when its turn comes; others always go.
_NEEDS_STATUS = {
    BookingEmail.CONFIRMED: BookingStatus.CONFIRMED,
    BookingEmail.PROMOTED: BookingStatus.CONFIRMED,
    BookingEmail.REMINDER: BookingStatus.CONFIRMED,
    BookingEmail.WAITLIST_JOINED: BookingStatus.WAITLISTED,
    BookingEmail.WORKSHOPS_CHANGED: BookingStatus.CONFIRMED,
}


def no_longer_applies(session: Session, message: OutboxMessage, now: datetime) -> str | None:
    """Why a queued message should not be sent any more, or None to send it.

    The state may have moved on between queueing and sending: a reminder for a place given
    up, a confirmation for a booking cancelled since. Cancellations and changes always go.
    """
    needed = _NEEDS_STATUS.get(message.kind)
    booking = session.get(Booking, message.booking_id) if needed else None
    if booking is None:
        return None
    if booking.status != needed:
        return f"Not sent: the booking is {booking.status.value} now."
    if is_cancelled(booking.event) and message.kind != BookingEmail.WAITLIST_JOINED:
        return "Not sent: the event was cancelled."
    if message.kind == BookingEmail.REMINDER and not booking.person.reminders_enabled:
        return "Not sent: the person switched reminders off."
    if message.kind == BookingEmail.REMINDER and booking.event.starts_at <= now:
        return "Not sent: the event has started."
    return None


def _about_the_booking(write: Callable[[Booking, OutboxMessage, MailSettings], Content]):
    """A composer reading the message's booking as it is now."""

    def content(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
        return write(session.get(Booking, message.booking_id), message, settings)

    return content


for _kind, _write in {
    BookingEmail.CONFIRMED: _confirmed,
    BookingEmail.PROMOTED: _promoted,
    BookingEmail.WAITLIST_JOINED: _waitlisted,
    BookingEmail.CANCELLED: _cancelled,
    BookingEmail.CANCELLED_BY_ORGANISER: _cancelled,
    BookingEmail.EVENT_CHANGED: _event_changed,
    BookingEmail.EVENT_CANCELLED: _event_cancelled,
    BookingEmail.REMINDER: _reminder,
    BookingEmail.WORKSHOPS_CHANGED: _workshops_changed,
}.items():
    register(_kind, _about_the_booking(_write), no_longer_applies)
