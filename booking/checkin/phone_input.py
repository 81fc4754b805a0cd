"""What a phone sends, checked before anything is stored: the scans of a sync, each read on its
own so that one bad entry is reported back and the others are still received; and the hours
a door is open to phones' scans."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from booking.checkin.sync import MAX_SCANS, PhoneScan
from booking.core.formatting import LONDON, local
from booking.events.models import Event

MAX_CODE_LENGTH = 500  # a ticket link is far shorter; anything longer is not a ticket
MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database
FUTURE_SLACK = timedelta(days=1)  # a phone's clock may be wrong, but not by more than this
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def door_opens_at(event: Event) -> datetime:
    """When the door opens to scans: midnight, in London, starting the event's first day."""
    return datetime.combine(local(event.starts_at).date(), time(), LONDON)


DOOR_KEPT_OPEN = timedelta(days=1)  # after the end, for late scans and a phone's sync


def door_closes_at(event: Event) -> datetime:
    """When a phone stops keeping the door list: a day after the event ends."""
    return event.ends_at + DOOR_KEPT_OPEN


class BadBatch(ValueError):
    """The whole request is not a batch of scans (the message says why)."""


@dataclass(frozen=True)
class BadScan:
    """One entry of a batch that is not a scan: answered with ``problem``, nothing stored."""

    client_id: str | None
    problem: str


def read_batch(body: object, *, event: Event, now: datetime) -> list[PhoneScan | BadScan]:
    """The entries of a sync body ``{"scans": [...]}``, each a PhoneScan or a BadScan saying
    what is wrong with it. Raises BadBatch when the body is no such object or holds more than
    MAX_SCANS entries."""
    if not isinstance(body, dict) or not isinstance(body.get("scans"), list):
        raise BadBatch('Send {"scans": [...]}')
    scans = body["scans"]
    if len(scans) > MAX_SCANS:
        raise BadBatch(f"Send at most {MAX_SCANS} scans at a time")
    return [read_scan(entry, event=event, now=now) for entry in scans]


def read_scan(entry: object, *, event: Event, now: datetime) -> PhoneScan | BadScan:
    """One scan of a batch: a ``client_id`` (1 to 64 letters, digits, - or _), a
    ``scanned_at`` (ISO 8601 with its zone, on or after the door opened and at most a day
    ahead of now) and either a ``code`` (text of at most MAX_CODE_LENGTH) or a positive
    ``booking_id``; or the BadScan that says which is missing or wrong."""
    if not isinstance(entry, dict):
        return BadScan(None, "Not a scan")
    client_id = entry.get("client_id")
    if not isinstance(client_id, str) or not _CLIENT_ID.fullmatch(client_id):
        return BadScan(None, "The scan has no usable client_id")
    scanned_at = _moment(entry.get("scanned_at"))
    if scanned_at is None:
        return BadScan(client_id, "scanned_at must be a date and time with its zone")
    if scanned_at > now + FUTURE_SLACK or scanned_at < door_opens_at(event):
        return BadScan(client_id, "The phone's clock is wrong: check this person in again")
    code, booking_id = entry.get("code"), entry.get("booking_id")
    if isinstance(code, str) and len(code) <= MAX_CODE_LENGTH and booking_id is None:
        return PhoneScan(client_id=client_id, scanned_at=scanned_at, code=code)
    if _is_id(booking_id) and code is None:
        return PhoneScan(client_id=client_id, scanned_at=scanned_at, booking_id=booking_id)
    return BadScan(client_id, "Send either a code or a booking_id")


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
        # in UTC, as stored (a year-1 or year-9999 moment with an offset overflows)
        return moment.astimezone(UTC) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
