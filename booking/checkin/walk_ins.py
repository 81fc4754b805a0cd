"""Walk-ins: a person who came without a booking is given a place at the door, even over
capacity, and checked in at once.

The place joins the account of the address given; with no account, a placeholder person
holds it until someone registers with that address and proves it (``accounts.services``).
Walk-ins get no booking email: they are standing at the door.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.models import Sector
from booking.accounts.services import placeholder_for
from booking.audit.services import record
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.tickets import new_ticket_token
from booking.checkin.models import Via
from booking.checkin.results import DoorResult
from booking.checkin.services import check_in, register_closed
from booking.core.errors import NotBookable, RegisterClosed
from booking.events.models import Event, EventStatus
from booking.events.rules import lock_event


class WalkInPlace(StrEnum):
    NEW = "new"  # a new place
    REVIVED = "revived"  # a cancelled place (or a waiting-list one) made a place again
    HAD_A_PLACE = "had_a_place"  # the person was booked already: that place is checked in


@dataclass(frozen=True)
class WalkIn:
    """Who came to the door without a booking, as the form gives them."""

    name: str
    email: str
    organisation: str
    sector: Sector


@dataclass(frozen=True)
class WalkedIn:
    result: DoorResult
    place: WalkInPlace  # what the walk-in's place is

    @property
    def message(self) -> str:
        """ "Checked in: Siobhán Ní Bhriain, Ormesby Primary School (walk-in)", or, for a
        person who had a place, the door's answer for that place, saying so."""
        if self.place == WalkInPlace.HAD_A_PLACE:
            return f"Already booked on this event. {self.result.message}"
        return f"{self.result.message} (walk-in)"


def add_walk_in(
    session: Session, *, event_id: int, person: WalkIn, by_id: int, now: datetime
) -> WalkedIn:
    """Give the person a confirmed place as a walk-in, whatever the capacity, and check it in.

    The person is the account of the address, or a new placeholder. A person with a place
    already has that place checked in (WalkInPlace.HAD_A_PLACE); a cancelled booking, or one on
    the waiting list, becomes a confirmed walk-in place (REVIVED). Audited "checkin.walk_in"
    (with the check-in's own entry); no email is sent. Raises NotFound ("not_found") for no
    such event, NotBookable ("not_bookable") for a cancelled event or a workshop (walk-ins
    join the conference), RegisterClosed ("register_closed") once the register is closed.
    """
    event = lock_event(session, event_id)
    _ensure_open_door(session, event)
    holder = placeholder_for(
        session,
        name=person.name,
        email=person.email,
        organisation=person.organisation,
        sector=person.sector,
        now=now,
    )
    booking = session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.person_id == holder.id)
    ).one_or_none()
    if booking is not None and booking.status == BookingStatus.CONFIRMED:
        result = check_in(session, event=event, booking=booking, by_id=by_id, now=now, via=Via.NAME)
        return WalkedIn(result, WalkInPlace.HAD_A_PLACE)
    place = WalkInPlace.NEW if booking is None else WalkInPlace.REVIVED
    if booking is None:
        booking = Booking(event_id=event.id, person_id=holder.id, created_at=now)
        session.add(booking)
    _walk_in_place(booking, now)
    session.flush()
    record(
        session,
        actor_id=by_id,
        action="checkin.walk_in",
        subject_type="booking",
        subject_id=booking.id,
        now=now,
        event_id=event.id,
        place=place.value,
        placeholder=holder.placeholder,
    )
    result = check_in(session, event=event, booking=booking, by_id=by_id, now=now, via=Via.WALK_IN)
    return WalkedIn(result, place)


def _ensure_open_door(session: Session, event: Event) -> None:
    if event.status != EventStatus.PUBLISHED or event.parent_status == EventStatus.CANCELLED:
        raise NotBookable("This event is cancelled, so nobody can be added to it.")
    if event.is_workshop:
        raise NotBookable("Add walk-ins at the conference's door, then choose their workshops.")
    if register_closed(session, event.id):
        raise RegisterClosed("The register is closed, so nobody can be added to it.")


def _walk_in_place(booking: Booking, now: datetime) -> None:
    """A confirmed place from now, made at the door (a cancelled ticket is not used again)."""
    if booking.status == BookingStatus.CANCELLED or not booking.ticket_token:
        booking.ticket_token = new_ticket_token()
    booking.status = BookingStatus.CONFIRMED
    booking.walk_in = True
    booking.queued_at = now
    booking.updated_at = now
    booking.cancelled_at = None
    booking.left_waiting_list = False
