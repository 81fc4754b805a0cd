"""Scans a phone sends with ids of its own: at once while online, or saved on the phone and sent
in one batch when the signal comes back."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from booking.bookings.models import Booking
from booking.checkin import results, services
from booking.checkin.models import DoorScan, Via
from booking.checkin.results import DoorResult, Outcome
from booking.core.errors import NotFound
from booking.events.models import Event

MAX_SCANS = 1000  # a sync larger than any door's day is refused whole


@dataclass(frozen=True)
class PhoneScan:
    """One check-in made on a phone: a ticket's code, or a booking found by name."""

    client_id: str
    scanned_at: datetime
    code: str | None = None
    booking_id: int | None = None


def receive(
    session: Session,
    *,
    event: Event,
    scan: PhoneScan,
    by_id: int,
    now: datetime,
    offline: bool = False,
) -> DoorResult:
    """Check in what one phone scan holds (``services.scan`` for a code, ``services.check_in``
    for a booking chosen by name), once per ``client_id``: a scan already received changes
    nothing and answers what it answered then, as it reads now. A booking of another event
    answers NOT_BOOKED. Raises nothing."""
    seen = session.get(DoorScan, scan.client_id)
    if seen is not None:
        return _as_before(session, event, seen)
    result = _check_in(session, event, scan, by_id, now, offline)
    session.add(
        DoorScan(
            client_id=scan.client_id,
            event_id=event.id,
            booking_id=result.booking_id,
            outcome=result.outcome.value,
            received_at=now,
        )
    )
    session.flush()
    return result


def receive_all(
    session: Session, *, event: Event, scans: Sequence[PhoneScan], by_id: int, now: datetime
) -> list[DoorResult]:
    """``receive`` each scan of an offline batch, earliest first; answers in the batch's order.
    The caller refuses batches over MAX_SCANS."""
    answers = {}
    for scan in sorted(scans, key=lambda s: s.scanned_at):
        answers[scan.client_id] = receive(
            session, event=event, scan=scan, by_id=by_id, now=now, offline=True
        )
    return [answers[scan.client_id] for scan in scans]


def _check_in(session, event, scan: PhoneScan, by_id, now, offline) -> DoorResult:
    if scan.code is not None:
        return services.scan(
            session,
            event=event,
            code=scan.code,
            by_id=by_id,
            now=now,
            at=scan.scanned_at,
            offline=offline,
        )
    try:
        return services.check_in(
            session,
            event=event,
            booking=scan.booking_id,
            by_id=by_id,
            now=now,
            via=Via.NAME,
            at=scan.scanned_at,
            offline=offline,
        )
    except NotFound:
        return results.not_booked()


def _as_before(session: Session, event: Event, seen: DoorScan) -> DoorResult:
    booking = session.get(Booking, seen.booking_id) if seen.booking_id else None
    if booking is not None and booking.event_id != event.id:
        booking = None
    return results.as_received(Outcome(seen.outcome), booking)
