"""Tickets: a random token per booking, carrying no personal data, that its QR code links to."""

import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from booking.bookings.models import Booking, BookingStatus
from booking.core.errors import NotFound
from booking.events.models import EventStatus

_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_ticket_token() -> str:
    """A random, unguessable ticket token that carries no personal data (32 url-safe chars)."""
    return secrets.token_urlsafe(24)


# What a ticket shows to be typed at the door: its token's first characters, in capitals.
TICKET_CODE_LENGTH = 8


def ticket_code(token: str) -> str:
    """ "PDSR5VFJ": the short code a ticket shows beside its QR code, typed at the door when the
    camera cannot read it (``ticket_code_column`` finds it among an event's tickets)."""
    return token[:TICKET_CODE_LENGTH].upper()


def ticket_code_column():
    """``ticket_code`` of each booking's token, as SQL (for a lookup among one event's
    bookings: not unique across all tickets, nor indexed)."""
    return func.upper(func.substr(Booking.ticket_token, 1, TICKET_CODE_LENGTH))


def find_by_token(session: Session, token: str) -> Booking:
    """The booking a ticket token belongs to. Raises NotFound ("not_found"), with no hint."""
    if not _TOKEN_SHAPE.fullmatch(token):
        raise NotFound("Ticket not found")
    booking = session.scalars(select(Booking).where(Booking.ticket_token == token)).one_or_none()
    if booking is None:
        raise NotFound("Ticket not found")
    return booking


def holds_ticket(booking: Booking, person_id: int | None) -> bool:
    """Whether the person is the one who booked: only they see their ticket."""
    return person_id is not None and booking.person_id == person_id


def admits(booking: Booking) -> bool:
    """A ticket admits its holder while it is a confirmed place on an event not cancelled:
    only then is its QR code shown, and only then can the door check it in."""
    return (
        booking.status == BookingStatus.CONFIRMED and booking.event.status != EventStatus.CANCELLED
    )
