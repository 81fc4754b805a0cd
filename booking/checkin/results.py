"""What the door says about a ticket or a person: one outcome, its tone and its words."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from booking.bookings.models import Booking
from booking.core.formatting import time_of_day


class Outcome(StrEnum):
    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNDONE = "undone"
    NOT_CHECKED_IN = "not_checked_in"  # an undo with nothing to undo
    NOT_BOOKED = "not_booked"
    CANCELLED = "cancelled"
    WAITING_LIST = "waiting_list"
    OTHER_EVENT = "other_event"
    OTHER_WORKSHOP = "other_workshop"
    NOT_A_TICKET = "not_a_ticket"
    EVENT_CANCELLED = "event_cancelled"
    REGISTER_CLOSED = "register_closed"


TONES = {
    Outcome.CHECKED_IN: "success",
    Outcome.ALREADY_CHECKED_IN: "warning",
    Outcome.UNDONE: "success",
    Outcome.NOT_CHECKED_IN: "warning",
}


HEADLINES = {
    Outcome.CHECKED_IN: "Checked in",
    Outcome.ALREADY_CHECKED_IN: "Already checked in",
    Outcome.UNDONE: "Check-in undone",
    Outcome.NOT_CHECKED_IN: "Not checked in",
    Outcome.NOT_BOOKED: "Not booked on this event",
    Outcome.CANCELLED: "Cancelled booking",
    Outcome.WAITING_LIST: "On the waiting list",
    Outcome.OTHER_EVENT: "Ticket for another event",
    Outcome.OTHER_WORKSHOP: "Not booked on this workshop",
    Outcome.NOT_A_TICKET: "Not a ticket for this event",
    Outcome.EVENT_CANCELLED: "This event is cancelled",
    Outcome.REGISTER_CLOSED: "The register is closed",
}


@dataclass(frozen=True)
class DoorResult:
    """The answer the door gives: ``headline`` alone is enough; ``detail`` says who or why."""

    outcome: Outcome
    headline: str
    detail: str = ""
    booking_id: int | None = None

    @property
    def tone(self) -> str:
        """success (green), warning (amber) or error (red)."""
        return TONES.get(self.outcome, "error")

    @property
    def message(self) -> str:
        """One sentence, as a screen reader says it."""
        if not self.detail:
            return self.headline
        joiner = " " if self.outcome == Outcome.ALREADY_CHECKED_IN else ": "
        return f"{self.headline}{joiner}{self.detail}"

    @property
    def changed(self) -> bool:
        """Whether this answer recorded something."""
        return self.outcome in (Outcome.CHECKED_IN, Outcome.UNDONE)


def who(booking: Booking) -> str:
    """ "Siobhán Ní Bhriain, Ormesby Primary School": the person's name and organisation."""
    person = booking.person
    organisation = person.organisation.name if person.organisation else ""
    return ", ".join(part for part in (person.name, organisation) if part)


def checked_in(booking: Booking) -> DoorResult:
    return DoorResult(Outcome.CHECKED_IN, HEADLINES[Outcome.CHECKED_IN], who(booking), booking.id)


def already_checked_in(booking: Booking, at: datetime, by_name: str | None) -> DoorResult:
    detail = f"at {time_of_day(at)}" + (f" by {by_name}" if by_name else "")
    return DoorResult(
        Outcome.ALREADY_CHECKED_IN, HEADLINES[Outcome.ALREADY_CHECKED_IN], detail, booking.id
    )


def undone(booking: Booking) -> DoorResult:
    return DoorResult(Outcome.UNDONE, HEADLINES[Outcome.UNDONE], who(booking), booking.id)


def not_checked_in(booking: Booking) -> DoorResult:
    return DoorResult(
        Outcome.NOT_CHECKED_IN, HEADLINES[Outcome.NOT_CHECKED_IN], who(booking), booking.id
    )


def cancelled(booking: Booking) -> DoorResult:
    return DoorResult(Outcome.CANCELLED, HEADLINES[Outcome.CANCELLED], who(booking), booking.id)


def waiting(booking: Booking, position: int | None) -> DoorResult:
    number = f" (number {position})" if position else ""
    return DoorResult(
        Outcome.WAITING_LIST, HEADLINES[Outcome.WAITING_LIST] + number, who(booking), booking.id
    )


def not_booked(kind: str = "event") -> DoorResult:
    return DoorResult(Outcome.NOT_BOOKED, f"Not booked on this {kind}")


def other_event(title: str) -> DoorResult:
    return DoorResult(Outcome.OTHER_EVENT, HEADLINES[Outcome.OTHER_EVENT], title)


def other_workshop(booked_on: list[str]) -> DoorResult:
    headline = HEADLINES[Outcome.OTHER_WORKSHOP]
    if not booked_on:
        return DoorResult(Outcome.OTHER_WORKSHOP, headline)
    return DoorResult(Outcome.OTHER_WORKSHOP, f"{headline} — booked on", ", ".join(booked_on))


def as_received(outcome: Outcome, booking: Booking | None) -> DoorResult:
    """The answer a scan got when it was received, said again (a phone sent it twice)."""
    detail = who(booking) if booking is not None else ""
    return DoorResult(outcome, HEADLINES[outcome], detail, booking.id if booking else None)


NOT_A_TICKET = DoorResult(Outcome.NOT_A_TICKET, HEADLINES[Outcome.NOT_A_TICKET])
EVENT_CANCELLED = DoorResult(Outcome.EVENT_CANCELLED, HEADLINES[Outcome.EVENT_CANCELLED])
REGISTER_CLOSED = DoorResult(Outcome.REGISTER_CLOSED, HEADLINES[Outcome.REGISTER_CLOSED])
