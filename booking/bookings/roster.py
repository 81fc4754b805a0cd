"""The people booked on an event as organisers manage them: places, the waiting list in queue
order, and bookings cancelled, each with the person and their organisation, searchable by
words of a name or an organisation."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from booking.accounts.models import User
from booking.bookings.models import Booking, BookingStatus
from booking.core.formatting import search_words, surname_key


@dataclass(frozen=True)
class Roster:
    booked: list[Booking]  # by surname
    waiting: list[Booking]  # in queue order
    cancelled: list[Booking]  # most recent first


def _matches(booking: Booking, words: list[str]) -> bool:
    person = booking.person
    organisation = person.organisation.name if person.organisation else ""
    held = search_words(f"{person.name} {organisation}")
    return all(any(have.startswith(word) for have in held) for word in words)


def event_roster(session: Session, event_id: int, search: str = "") -> Roster:
    """The event's bookings in three lists; with ``search``, only the people whose name or
    organisation has words starting with every word given. Raises nothing."""
    bookings = session.scalars(
        select(Booking)
        .where(Booking.event_id == event_id)
        .order_by(Booking.queued_at, Booking.id)
        .options(joinedload(Booking.person).joinedload(User.organisation))
    ).all()
    words = search_words(search)
    shown = [b for b in bookings if _matches(b, words)] if words else list(bookings)
    return Roster(
        booked=sorted(
            (b for b in shown if b.status == BookingStatus.CONFIRMED),
            key=lambda b: surname_key(b.person.name),
        ),
        waiting=[b for b in shown if b.status == BookingStatus.WAITLISTED],
        cancelled=sorted(
            (b for b in shown if b.status == BookingStatus.CANCELLED),
            key=lambda b: b.cancelled_at or b.updated_at,
            reverse=True,
        ),
    )
