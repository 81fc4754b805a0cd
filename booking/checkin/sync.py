"""Scans a phone sends with ids of its own: at once while online, or saved on the phone and sent
in one batch when the signal comes back."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from booking.accounts.models import User
from booking.bookings.models import Booking
from booking.checkin import results
from booking.checkin.models import DoorScan, Via
from booking.checkin.results import DoorResult, Outcome
from booking.checkin.services import Arrival, admit
from booking.core.models import insert_unless_present
from booking.events.models import Event

MAX_SCANS = 1000  # a sync larger than any door's day is refused whole


@dataclass(frozen=True)
class PhoneScan:
    """One check-in made on a phone: a ticket's code, or a booking found by name."""

    client_id: str
    scanned_at: datetime
    code: str | None = None
    booking_id: int | None = None

    @property
    def arrival(self) -> Arrival:
        via = Via.SCAN if self.code is not None else Via.NAME
        return Arrival(at=self.scanned_at, code=self.code, booking_id=self.booking_id, via=via)


def receive(
    session: Session,
    *,
    event: Event,
    scan: PhoneScan,
    by_id: int,
    now: datetime,
    offline: bool = False,
) -> DoorResult:
    """``receive_all`` for one scan sent as it was made (``offline`` False) or later."""
    [result] = receive_all(
        session, event=event, scans=[scan], by_id=by_id, now=now, offline=offline
    )
    return result


def receive_all(
    session: Session,
    *,
    event: Event,
    scans: Sequence[PhoneScan],
    by_id: int,
    now: datetime,
    offline: bool = True,
) -> list[DoorResult]:
    """Check in what each scan holds (``services.admit``), once per ``client_id``: a scan
    already received changes nothing and answers what it answered then, as it reads now.
    Answers in the batch's order, in a fixed number of statements whatever its size (as
    ``services.admit``; the caller refuses batches over MAX_SCANS; a ``client_id`` twice in a
    batch is its first scan; one received at another event's door is decided here afresh).
    Raises nothing."""
    seen = _received(session, event, [scan.client_id for scan in scans])
    fresh = list({s.client_id: s for s in reversed(scans) if s.client_id not in seen}.values())
    arrivals = [scan.arrival for scan in fresh]
    answered = admit(session, event=event, arrivals=arrivals, by_id=by_id, now=now, offline=offline)
    answers = {scan.client_id: answer for scan, answer in zip(fresh, answered, strict=True)}
    if fresh:  # a twin of this request may have received them meanwhile: it answered them
        table = DoorScan.__table__
        rows = [
            {
                "client_id": scan.client_id,
                "event_id": event.id,
                "booking_id": answer.booking_id,
                "outcome": answer.outcome.value,
                "received_at": now,
            }
            for scan, answer in zip(fresh, answered, strict=True)
        ]
        session.execute(insert_unless_present(session, table, table.c.client_id), rows)
    session.flush()
    for client_id, door_scan in seen.items():
        answers[client_id] = _as_before(door_scan)
    return [answers[scan.client_id] for scan in scans]


def _received(session: Session, event: Event, client_ids: list[str]) -> dict[str, DoorScan]:
    if not client_ids:
        return {}
    found = session.scalars(
        select(DoorScan)
        .where(DoorScan.client_id.in_(client_ids), DoorScan.event_id == event.id)
        .options(
            joinedload(DoorScan.booking).joinedload(Booking.person).joinedload(User.organisation)
        )
    )
    return {door_scan.client_id: door_scan for door_scan in found}


def _as_before(seen: DoorScan) -> DoorResult:
    return results.as_received(Outcome(seen.outcome), seen.booking)
