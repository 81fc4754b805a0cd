"""Reading the audit log for organisers: filtered, newest first, a page at a time.

The log's entries name things by id; this module, at the top of the layout, joins them to the
names organisers read: the person who acted and the event an entry concerns. The person a
booking belongs to is never joined: an entry shows who acted, and which event.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.accounts.roles import ROLE_LABELS
from booking.audit.actions import ACTIONS, action_label, detail_lines
from booking.audit.models import AuditEntry
from booking.bookings.models import Booking
from booking.checkin.models import VIA_LABELS
from booking.core.formatting import LONDON, without_control_characters
from booking.events.models import Event

ENTRIES_PER_PAGE = 50
MAX_FILTER_LENGTH = 200


@dataclass(frozen=True)
class AuditFilters:
    """What an organiser narrows the log to; each empty filter lets everything through."""

    action: str = ""  # an action code from ``audit.actions``
    who: int | None = None  # the id of the account that acted
    event: str = ""  # an event's id, or part of its title
    from_day: date | None = None  # Europe/London days, both included
    to_day: date | None = None


@dataclass(frozen=True)
class AuditRow:
    """One entry as the viewer shows it."""

    id: int
    at: datetime
    actor: str  # a name, "Command line" or "Closed account"
    action: str  # the words for it
    subject_type: str
    subject_id: int | None
    event_id: int | None  # the event the entry concerns, if any
    event_title: str | None
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    has_next: bool


def audit_page(session: Session, filters: AuditFilters, *, page: int = 1) -> AuditPage:
    """The entries the filters let through, newest first, ``ENTRIES_PER_PAGE`` to the page
    (``page`` counts from 1). An unknown action code matches nothing. Raises nothing."""
    offset = (max(page, 1) - 1) * ENTRIES_PER_PAGE
    query = _filtered(select(AuditEntry, User.name, User.closed_at), filters)
    found = session.execute(
        query.outerjoin(User, User.id == AuditEntry.actor_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(ENTRIES_PER_PAGE + 1)
        .offset(offset)
    ).all()
    shown = found[:ENTRIES_PER_PAGE]
    events = _events_of(session, [entry for entry, _, _ in shown])
    rows = [_row(entry, name, closed_at, events.get(entry.id)) for entry, name, closed_at in shown]
    return AuditPage(rows, max(page, 1), len(found) > ENTRIES_PER_PAGE)


def _row(entry: AuditEntry, name, closed_at, event: tuple[int, str | None] | None) -> AuditRow:
    if entry.actor_id is None:
        actor = "Command line"
    elif closed_at is not None:
        actor = "Closed account"
    else:
        actor = name
    return AuditRow(
        id=entry.id,
        at=entry.at,
        actor=actor,
        action=action_label(entry.action),
        subject_type=entry.subject_type,
        subject_id=entry.subject_id,
        event_id=event[0] if event else None,
        event_title=event[1] if event else None,
        details=detail_lines(entry.details or {}, VIA_LABELS),
    )


def _filtered(query: Select, filters: AuditFilters) -> Select:
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.who is not None:
        query = query.where(AuditEntry.actor_id == filters.who)
    if filters.event:
        query = query.where(_about_events(_events_matching(filters.event)))
    if filters.from_day:
        query = query.where(AuditEntry.at >= london_midnight(filters.from_day))
    if filters.to_day:
        query = query.where(AuditEntry.at < london_midnight(filters.to_day + timedelta(days=1)))
    return query


def london_midnight(day: date) -> datetime:
    """The first instant of the day in Europe/London, in UTC."""
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


def _contains(column, text: str):
    text = without_control_characters(text).strip()[:MAX_FILTER_LENGTH].lower()
    return func.lower(column).contains(text, autoescape=True)


def _events_matching(text: str) -> Select:
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 12:
        return select(Event.id).where(Event.id == int(text))
    return select(Event.id).where(_contains(Event.title, text))


def _about_events(event_ids: Select):
    """Entries whose subject is one of the events or a booking of one, or whose details name
    one in ``event_id``."""
    return or_(
        and_(AuditEntry.subject_type == "event", AuditEntry.subject_id.in_(event_ids)),
        and_(
            AuditEntry.subject_type == "booking",
            AuditEntry.subject_id.in_(select(Booking.id).where(Booking.event_id.in_(event_ids))),
        ),
        AuditEntry.details["event_id"].as_integer().in_(event_ids),
    )


def _events_of(session: Session, entries: list[AuditEntry]) -> dict[int, tuple[int, str | None]]:
    """The (id, title) of the event each entry concerns: its subject, the event of the booking
    that is its subject, or the ``event_id`` its details name. Two queries for a page."""
    booking_ids = {e.subject_id for e in entries if e.subject_type == "booking" and e.subject_id}
    booked = dict(
        session.execute(
            select(Booking.id, Booking.event_id).where(Booking.id.in_(booking_ids))
        ).all()
        if booking_ids
        else []
    )
    event_ids = {}
    for entry in entries:
        if entry.subject_type == "event":
            event_id = entry.subject_id
        elif entry.subject_type == "booking":
            event_id = booked.get(entry.subject_id)
        else:
            event_id = None
        event_id = event_id or _whole_number((entry.details or {}).get("event_id"))
        if event_id:
            event_ids[entry.id] = event_id
    titles = dict(
        session.execute(
            select(Event.id, Event.title).where(Event.id.in_(set(event_ids.values())))
        ).all()
        if event_ids
        else []
    )
    return {entry_id: (event_id, titles.get(event_id)) for entry_id, event_id in event_ids.items()}


def _whole_number(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def action_choices() -> list[tuple[str, str]]:
    """(code, words) of every audited action, by its words, for the filter's select."""
    return sorted(ACTIONS.items(), key=lambda item: item[1])


def actor_choices(session: Session) -> list[tuple[int, str]]:
    """(id, "Name (Role)") of everyone who appears as the actor of an entry, by name, for the
    "Who did it" select (so an address holds an id, never a name); a closed account is
    "Closed account" with its number. Raises nothing."""
    actors = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    found = session.execute(
        select(User.id, User.name, User.role, User.closed_at)
        .where(User.id.in_(actors))
        .order_by(User.closed_at.is_not(None), User.name, User.id)
    ).all()
    return [
        (id_, f"Closed account {id_}" if closed_at else f"{name} ({ROLE_LABELS[role]})")
        for id_, name, role, closed_at in found
    ]
