"""The invitation a referred parent gets: a place held for them on a digital parenting session
(or a place on its waiting list), with their ticket. Later news of the place (a place come free,
a change of time) comes from the bookings' own emails."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from booking.bookings.models import Booking, BookingStatus
from booking.core.formatting import date_range
from booking.core.qr import qr_png
from booking.events.rules import is_cancelled, where
from booking.outbox.composing import Content, InlineImage, MailSettings, register
from booking.outbox.models import OutboxMessage


class ReferralEmail(StrEnum):
    INVITATION = "referral_invitation"


def session_facts(booking: Booking) -> list[tuple[str, str]]:
    """The session as an invitation (email or letter) states it."""
    event = booking.event
    facts = [
        ("Session", event.title),
        ("When", date_range(event.starts_at, event.ends_at)),
        ("Where", where(event.venue)),
    ]
    if event.online_url and booking.status == BookingStatus.CONFIRMED:
        facts.append(("Join online", event.online_url))
    return facts


def _invitation(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    booking = session.get(Booking, message.booking_id)
    event = booking.event
    held = booking.status == BookingStatus.CONFIRMED
    ticket = settings.links.ticket(booking.ticket_token)
    return Content(
        subject=f"You are invited: {event.title}",
        heading="A place is held for you" if held else "You are on the waiting list",
        paragraphs=[
            "A professional you work with has referred you, with your agreement, to a free "
            f"session for parents and carers: {event.title}.",
            "A place is held for you."
            if held
            else "The session is full. If a place becomes free, it is yours and we will email you.",
        ],
        facts=session_facts(booking),
        # no link to the ticket page: it is for the holder signed in, and a referred parent
        # has no password; the QR code is what the door scans.
        after=[
            "Show the QR code in this email at the door, or give your name there.",
            "If you cannot come, tell the person who referred you, so someone else can have "
            "the place: " + settings.links.to("contact"),
        ]
        if held
        else ["If you no longer want a place, tell the person who referred you."],
        image=InlineImage("ticket-qr", "QR code of your ticket", qr_png(ticket)) if held else None,
    )


def _no_longer_applies(session: Session, message: OutboxMessage, now: datetime) -> str | None:
    booking = session.get(Booking, message.booking_id)
    if booking is None or booking.status == BookingStatus.CANCELLED:
        return "Not sent: the place was cancelled."
    if is_cancelled(booking.event):
        return "Not sent: the session was cancelled."
    return None


register(ReferralEmail.INVITATION, _invitation, _no_longer_applies)
