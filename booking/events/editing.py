"""Organisers' changes to events: create, publish, duplicate, and the event's side of editing
and cancelling (``bookings.event_changes`` adds who is told and who gets a place). Each change
is recorded in the audit log, in the same transaction: an edit by the names of the fields it
changed, a change of trainers by the ids added and removed."""

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.models import Role, User
from booking.audit.services import record
from booking.core.errors import InvalidEvent, NotBookable, NotFound
from booking.core.formatting import date_range
from booking.events.models import MAX_EVENT_LENGTH, Event, EventKind, EventStatus
from booking.events.rules import LONGEST_REMINDER_DAYS, lock_event

MAX_CAPACITY = 10_000
PLACES_MESSAGE = f"Number of places must be between 1 and {MAX_CAPACITY:,}"
REMINDER_MESSAGE = f"Reminders must be sent between 0 and {LONGEST_REMINDER_DAYS} days before"
LONGEST_CURRENT_YEARS = 10
PER_ORGANISATION_MESSAGE = "Places per organisation must be at least 1"
CURRENT_FOR_MESSAGE = f"Training must stay current for between 1 and {LONGEST_CURRENT_YEARS} years"


@dataclass(frozen=True)
class EventFields:
    """Everything an organiser types about an event."""

    kind: EventKind
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    summary: str = ""
    description: str = ""
    audience: str = ""
    programme: str = ""
    venue: str = ""
    online_url: str = ""
    booking_opens_at: datetime | None = None
    booking_closes_at: datetime | None = None
    cpd_hours: Decimal | None = None
    reminder_days: int | None = None
    places_per_organisation: int | None = None  # None: no cap
    current_for_years: int | None = None  # None: the training does not lapse
    trainer_ids: tuple[int, ...] = field(default=())


def validate(
    details: EventFields,
    parent: Event | None,
    *,
    now: datetime,
    current_start: datetime | None = None,
) -> None:
    """Raise InvalidEvent ("invalid_event") naming every field that breaks a rule, each in
    words an organiser can act on (``InvalidEvent.problems``). An event must start in the
    future (the day's problem: "starts_on"), unless an edit keeps the start a published event
    has (``current_start``: a correction to an event under way), and must have at least one
    place."""
    found = problems(details, parent, now=now, current_start=current_start)
    if found:
        raise InvalidEvent.of(found)


Problems = list[tuple[str, str]]


def problems(
    details: EventFields,
    parent: Event | None,
    *,
    now: datetime,
    current_start: datetime | None = None,
) -> Problems:
    """The (field, message) of each rule ``validate`` finds broken, in the form's order."""
    found: Problems = []
    if not details.title.strip():
        found.append(("title", "Enter a title"))
    found += _time_problems(details, now=now, current_start=current_start)
    if details.online_url and not details.online_url.lower().startswith("https://"):
        found.append(("online_url", "Enter a web address starting with https://"))
    if not 1 <= details.capacity <= MAX_CAPACITY:
        found.append(("capacity", PLACES_MESSAGE))
    found += _booking_window_problems(details)
    if parent is not None:
        found += _workshop_problems(details, parent)
    return found


FUTURE_MESSAGE = "The date and start time must be in the future"


def _time_problems(details: EventFields, *, now: datetime, current_start: datetime | None):
    found: Problems = []
    if details.starts_at <= now and details.starts_at != current_start:
        found.append(("starts_on", FUTURE_MESSAGE))
    if details.ends_at <= details.starts_at:
        found.append(("ends_at", "End time must be after the start time"))
    elif details.ends_at - details.starts_at > MAX_EVENT_LENGTH:
        found.append(("ends_at", "An event must last 7 days or less"))
    return found


def _booking_window_problems(details: EventFields) -> Problems:
    found: Problems = []
    closes = details.booking_closes_at
    if closes and closes > details.starts_at:
        message = "Last day to book must be on or before the day of the event"
        found.append(("booking_closes_at", message))
    if details.booking_opens_at and closes and details.booking_opens_at >= closes:
        message = "The day booking opens must be before the last day to book"
        found.append(("booking_opens_at", message))
    if (
        details.reminder_days is not None
        and not 0 <= details.reminder_days <= LONGEST_REMINDER_DAYS
    ):
        found.append(("reminder_days", REMINDER_MESSAGE))
    cap = details.places_per_organisation
    if cap is not None and not 1 <= cap <= MAX_CAPACITY:
        found.append(("places_per_organisation", PER_ORGANISATION_MESSAGE))
    years = details.current_for_years
    if years is not None and not 1 <= years <= LONGEST_CURRENT_YEARS:
        found.append(("current_for_years", CURRENT_FOR_MESSAGE))
    return found


def _workshop_problems(details: EventFields, parent: Event) -> Problems:
    if not parent.is_conference:
        return [("parent_id", "Workshops belong to a conference")]
    if details.starts_at < parent.starts_at or details.ends_at > parent.ends_at:
        during = date_range(parent.starts_at, parent.ends_at)
        return [("starts_at", f"A workshop must start and end during its conference, {during}")]
    return []


def _apply(session: Session, event: Event, details: EventFields) -> None:
    values = asdict(details)
    trainer_ids = values.pop("trainer_ids")
    for name, value in values.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    event.trainers = (
        list(
            session.scalars(select(User).where(User.id.in_(trainer_ids), User.role == Role.TRAINER))
        )
        if trainer_ids
        else []
    )


def create_event(
    session: Session,
    details: EventFields,
    *,
    actor_id: int | None,
    now: datetime,
    parent_id: int | None = None,
) -> Event:
    """A new draft event, or a workshop of the conference ``parent_id``. Audited:
    "event.create", and "event.trainers" naming the trainers given.

    Raises InvalidEvent ("invalid_event"), NotFound ("not_found") for an unknown conference.
    """
    parent = None
    if parent_id is not None:
        parent = session.get(Event, parent_id)
        if parent is None:
            raise NotFound("Conference not found")
    validate(details, parent, now=now)
    event = Event(status=EventStatus.DRAFT, parent=parent, created_at=now, updated_at=now)
    _apply(session, event, details)
    if parent is not None:
        event.kind = EventKind.WORKSHOP
    session.add(event)
    session.flush()
    _audit(session, "event.create", event, actor_id, now)
    _audit_trainers(session, event, set(), actor_id, now)
    return event


def edit_event(
    session: Session,
    event: Event,
    details: EventFields,
    *,
    confirmed: int,
    actor_id: int | None,
    now: datetime,
) -> dict:
    """Change a locked event (``lock_event``) holding ``confirmed`` places; calendars see a
    higher SEQUENCE. Returns the fields people are told about, as they were before. Audited:
    "event.edit" naming the fields changed (when any did), "event.trainers" with the trainer
    ids added and removed (when they changed).

    Raises NotBookable ("not_bookable") for a cancelled event, InvalidEvent ("invalid_event"),
    also for a capacity below the places already confirmed.
    """
    if event.status == EventStatus.CANCELLED:
        raise NotBookable("A cancelled event cannot be changed; duplicate it instead.")
    validate(details, event.parent, now=now, current_start=kept_start(event))
    if details.capacity < confirmed:
        raise InvalidEvent(
            f"Number of places cannot be less than the {confirmed} places already booked",
            field="capacity",
        )
    before = {name: getattr(event, name) for name in NOTIFIED_CHANGES}
    was = {name: getattr(event, name) for name in AUDITED_FIELDS}
    trainers_were = {trainer.id for trainer in event.trainers}
    _apply(session, event, details)
    if event.parent_id is not None:
        event.kind = EventKind.WORKSHOP
    _touch(event, now)
    session.flush()
    changed = [name for name in AUDITED_FIELDS if getattr(event, name) != was[name]]
    if changed:
        _audit(session, "event.edit", event, actor_id, now, fields=changed)
    _audit_trainers(session, event, trainers_were, actor_id, now)
    return before


def kept_start(event: Event) -> datetime | None:
    """The start an edit may keep though it has passed: a published event's (a correction to
    an event under way); a draft's copy of a past event needs new dates."""
    return event.starts_at if event.status == EventStatus.PUBLISHED else None


# Fields whose change people holding a booking must hear about, and how messages name them.
NOTIFIED_CHANGES = {
    "starts_at": "time",
    "ends_at": "time",
    "venue": "venue",
    "online_url": "online link",
}


# What an edit's audit entry names when it changes: the event's own fields, never their values.
AUDITED_FIELDS = tuple(name for name in EventFields.__dataclass_fields__ if name != "trainer_ids")


def _audit(
    session: Session,
    action: str,
    event: Event,
    actor_id: int | None,
    now: datetime,
    **details,
) -> None:
    record(
        session,
        actor_id=actor_id,
        action=action,
        subject_type="event",
        subject_id=event.id,
        now=now,
        title=event.title,
        **details,
    )


def _audit_trainers(
    session: Session, event: Event, were: set[int], actor_id: int | None, now: datetime
) -> None:
    """One entry naming the trainers added and removed, when the event's trainers changed."""
    now_ids = {trainer.id for trainer in event.trainers}
    added, removed = sorted(now_ids - were), sorted(were - now_ids)
    if added or removed:
        _audit(session, "event.trainers", event, actor_id, now, added=added, removed=removed)


def _touch(event: Event, now: datetime) -> None:
    event.sequence += 1
    event.updated_at = now


def publish_event(session: Session, event_id: int, *, actor_id: int | None, now: datetime) -> Event:
    """Put a draft in the catalogue; a conference's draft workshops go with it (a copied
    conference's workshops are drafts). Raises NotFound, NotBookable ("not_bookable") if
    cancelled, InvalidEvent ("invalid_event", field starts_at) once it has started: a copy of
    a past event needs new dates first."""
    event = lock_event(session, event_id)
    if event.status == EventStatus.CANCELLED:
        raise NotBookable("A cancelled event cannot be published again; duplicate it instead.")
    if event.starts_at <= now:
        raise InvalidEvent(
            f"{event.title} has started, so it cannot be published: give it new dates first",
            field="starts_at",
        )
    for item in (event, *draft_workshops(event)):
        item.status = EventStatus.PUBLISHED
        _touch(item, now)
    session.flush()
    _audit(session, "event.publish", event, actor_id, now)
    return event


def draft_workshops(event: Event) -> list[Event]:
    """A conference's workshops still in draft: publishing the conference publishes them."""
    return [w for w in event.workshops if w.status == EventStatus.DRAFT]


def mark_cancelled(
    session: Session, event: Event, *, actor_id: int | None, now: datetime
) -> list[Event]:
    """Cancel a locked event (``lock_event``) and those of a conference's workshops still to
    come; returns them, the event first. Bookings stay for the record.

    Raises NotBookable ("not_bookable") if already cancelled or over.
    """
    ensure_cancellable(event, now)
    going = cancelled_with(event, now)
    for item in going:
        item.status = EventStatus.CANCELLED
        _touch(item, now)
    session.flush()
    _audit(session, "event.cancel", event, actor_id, now)
    return going


def can_cancel(event: Event, now: datetime) -> bool:
    """An event can be cancelled until it is over: then its bookings are the record of who
    booked and came. A cancelled event cannot be cancelled again."""
    return event.status != EventStatus.CANCELLED and event.ends_at > now


def ensure_cancellable(event: Event, now: datetime) -> None:
    """Raise NotBookable ("not_bookable"), saying why, unless ``can_cancel``."""
    if event.status == EventStatus.CANCELLED:
        raise NotBookable("This event is already cancelled.")
    if not can_cancel(event, now):
        raise NotBookable("This event is over, so it cannot be cancelled.")


def cancelled_with(event: Event, now: datetime) -> list[Event]:
    """The event and the workshops that cancelling it cancels: those not already cancelled
    or over (a conference over several days keeps the record of its first day)."""
    return [event, *(w for w in event.workshops if can_cancel(w, now))]


def duplicate_event(
    session: Session, event_id: int, *, actor_id: int | None, now: datetime
) -> Event:
    """A draft copy of the event (with a conference's workshops), without its bookings.

    A workshop's copy belongs to the same conference. Raises NotFound ("not_found").
    """
    source = session.get(Event, event_id)
    if source is None:
        raise NotFound("Event not found")
    with session.no_autoflush:  # the copy is complete before anything is written
        copy = _copy(source, now, parent=source.parent, rename=True)
        for workshop in source.workshops:
            _copy(workshop, now, parent=copy)
    session.add(copy)
    session.flush()
    _audit(session, "event.duplicate", copy, actor_id, now, copied_from=source.id)
    return copy


_COPIED = (
    "kind",
    "title",
    "summary",
    "description",
    "audience",
    "programme",
    "venue",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "booking_opens_at",
    "booking_closes_at",
    "cpd_hours",
    "reminder_days",
    "places_per_organisation",
    "current_for_years",
)


def _copy(source: Event, now: datetime, parent: Event | None, *, rename: bool = False) -> Event:
    copy = Event(status=EventStatus.DRAFT, created_at=now, updated_at=now, parent=parent)
    for name in _COPIED:
        setattr(copy, name, getattr(source, name))
    copy.trainers = list(source.trainers)
    if rename:
        copy.title = f"{source.title} (copy)"[:200]
    return copy


class OrganisersEvents(NamedTuple):
    upcoming: list[Event]  # soonest first
    past: list[Event]  # most recent first


def events_for_organisers(session: Session, *, now: datetime) -> OrganisersEvents:
    """Every top-level event for the organisers' list: those not over, soonest first, then
    those over, the most recent first."""
    events = session.scalars(
        select(Event).where(Event.parent_id.is_(None)).order_by(Event.starts_at, Event.id)
    ).all()
    past = [event for event in events if event.ends_at <= now]
    return OrganisersEvents([e for e in events if e.ends_at > now], past[::-1])


def trainers(session: Session) -> list[User]:
    """People with the trainer role, by name."""
    return list(session.scalars(select(User).where(User.role == Role.TRAINER).order_by(User.name)))
