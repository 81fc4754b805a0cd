"""Where a place stands, worked out once: the referrer's status word and a training lead's
column both read it (each in its own words)."""

from datetime import datetime
from enum import StrEnum

from booking.bookings.models import Booking, BookingStatus
from booking.events.models import Event, EventStatus


class PlaceState(StrEnum):
    CAME = "came"
    CANCELLED = "cancelled"
    WAITING = "waiting"
    DID_NOT_COME = "did_not_come"
    HELD = "held"


def place_state(booking: Booking, event: Event, *, came: bool, now: datetime) -> PlaceState:
    """The place's state: came (a live check-in, whatever happened since), cancelled (the
    place or the event), on the waiting list, did not come (a confirmed place on an event that
    has ended with no check-in: the no-show rule), or held. Raises nothing."""
    if came:
        return PlaceState.CAME
    if booking.status == BookingStatus.CANCELLED or event.status == EventStatus.CANCELLED:
        return PlaceState.CANCELLED
    if booking.status == BookingStatus.WAITLISTED:
        return PlaceState.WAITING
    return PlaceState.DID_NOT_COME if event.ends_at <= now else PlaceState.HELD
