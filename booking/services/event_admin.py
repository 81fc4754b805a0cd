"""Organisers' changes to events: create, edit, publish, cancel, duplicate."""

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from booking.models import Booking, BookingStatus, Event, EventKind, EventStatus, Role, User
from booking.models.event import MAX_EVENT_LENGTH
from booking.services import notifications
from booking.services.bookings import promote_waitlist
from booking.services.errors import InvalidEvent, NotBookable, NotFound
from booking.services.events import confirmed_places, lock_event

MAX_CAPACITY = 10_000


@dataclass(frozen=True)
class EventDetails:
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
    trainer_ids: tuple[int, ...] = field(default=())


def validate(details: EventDetails, parent: Event | None) -> None:
    """Raise InvalidEvent ("invalid_event") naming the field that breaks a rule."""
    if not details.title.strip():
        raise InvalidEvent("Enter a title", field="title")
    if details.ends_at <= details.starts_at:
        raise InvalidEvent("The end must be after the start", field="ends_at")
    if details.ends_at - details.starts_at > MAX_EVENT_LENGTH:
        raise InvalidEvent("An event can last at most 7 days", field="ends_at")
    if not 0 <= details.capacity <= MAX_CAPACITY:
        raise InvalidEvent(f"Capacity must be between 0 and {MAX_CAPACITY}", field="capacity")
    closes = details.booking_closes_at
    if closes and closes > details.starts_at:
        raise InvalidEvent(
            "Booking must close by the time the event starts", field="booking_closes_at"
        )
    if details.booking_opens_at and closes and details.booking_opens_at >= closes:
        raise InvalidEvent("Booking must open before it closes", field="booking_opens_at")
    if details.reminder_days is not None and not 0 <= details.reminder_days <= 30:
        raise InvalidEvent("Reminders go between 0 and 30 days before", field="reminder_days")
    if parent is not None:
        if not parent.is_conference:
            raise InvalidEvent("Workshops belong to a conference", field="parent_id")
        if details.starts_at < parent.starts_at or details.ends_at > parent.ends_at:
            raise InvalidEvent(
                "A workshop must take place during its conference", field="starts_at"
            )


def _apply(session: Session, event: Event, details: EventDetails) -> None:
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
    session: Session, details: EventDetails, *, now: datetime, parent_id: int | None = None
) -> Event:
    """A new draft event, or a workshop of the conference ``parent_id``.

    Raises InvalidEvent ("invalid_event"), NotFound ("not_found") for an unknown conference.
    """
    parent = None
    if parent_id is not None:
        parent = session.get(Event, parent_id)
        if parent is None:
            raise NotFound("Conference not found")
    validate(details, parent)
    event = Event(status=EventStatus.DRAFT, parent=parent, created_at=now, updated_at=now)
    _apply(session, event, details)
    if parent is not None:
        event.kind = EventKind.WORKSHOP
    session.add(event)
    session.flush()
    return event


def update_event(session: Session, event_id: int, details: EventDetails, *, now: datetime) -> Event:
    """Change an event; calendars see a higher SEQUENCE; a raised capacity promotes waiters.

    People with a live booking are emailed when the time, venue or online link changes.

    Raises NotFound ("not_found"), NotBookable ("not_bookable") for a cancelled event,
    InvalidEvent ("invalid_event"), also for a capacity below the places already confirmed.
    """
    event = lock_event(session, event_id)
    if event.status == EventStatus.CANCELLED:
        raise NotBookable("A cancelled event cannot be changed; duplicate it instead.")
    validate(details, event.parent)
    taken = confirmed_places(session, event.id)
    if details.capacity < taken:
        raise InvalidEvent(
            f"Capacity cannot be less than the {taken} places already booked", field="capacity"
        )
    before = notifications.snapshot(event)
    _apply(session, event, details)
    if event.parent_id is not None:
        event.kind = EventKind.WORKSHOP
    _touch(event, now)
    session.flush()
    notifications.event_changed(session, event, before, now=now)
    promote_waitlist(session, event, now=now)
    return event


def _touch(event: Event, now: datetime) -> None:
    event.sequence += 1
    event.updated_at = now


def publish_event(session: Session, event_id: int, *, now: datetime) -> Event:
    """Put a draft in the catalogue. Raises NotFound, NotBookable ("not_bookable") if cancelled."""
    event = lock_event(session, event_id)
    if event.status == EventStatus.CANCELLED:
        raise NotBookable("A cancelled event cannot be published again; duplicate it instead.")
    event.status = EventStatus.PUBLISHED
    _touch(event, now)
    session.flush()
    return event


def cancel_event(session: Session, event_id: int, *, now: datetime) -> Event:
    """Cancel an event, and those of a conference's workshops still to come; bookings stay
    for the record, and the people holding them are emailed.

    Raises NotFound ("not_found"), NotBookable ("not_bookable") if already cancelled or over.
    """
    event = lock_event(session, event_id)
    ensure_cancellable(event, now)
    going = _cancelled_with(event, now)
    for item in going:
        item.status = EventStatus.CANCELLED
        _touch(item, now)
    session.flush()
    for item in going:  # each booking's calendar entry gets its CANCEL
        notifications.event_cancelled(session, item, now=now)
    return event


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


def _cancelled_with(event: Event, now: datetime) -> list[Event]:
    """The event and the workshops that cancelling it cancels: those not already cancelled
    or over (a conference over several days keeps the record of its first day)."""
    return [event, *(w for w in event.workshops if can_cancel(w, now))]


@dataclass(frozen=True)
class CancellationReach:
    """What cancelling an event would reach, for the organiser to see before confirming."""

    workshops: int
    people: int


def cancellation_reach(session: Session, event: Event, *, now: datetime) -> CancellationReach:
    """How many workshops cancelling the event would cancel with it, and how many people
    (holding a place or a waiting-list place on any of them) would be emailed."""
    going = _cancelled_with(event, now)
    people = session.scalar(
        select(func.count(Booking.person_id.distinct())).where(
            Booking.event_id.in_([item.id for item in going]),
            Booking.status != BookingStatus.CANCELLED,
        )
    )
    return CancellationReach(workshops=len(going) - 1, people=people)


def duplicate_event(session: Session, event_id: int, *, now: datetime) -> Event:
    """A draft copy of the event (with a conference's workshops), without its bookings.

    A workshop's copy belongs to the same conference.
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
)


def _copy(source: Event, now: datetime, parent: Event | None, *, rename: bool = False) -> Event:
    copy = Event(status=EventStatus.DRAFT, created_at=now, updated_at=now, parent=parent)
    for name in _COPIED:
        setattr(copy, name, getattr(source, name))
    copy.trainers = list(source.trainers)
    if rename:
        copy.title = f"{source.title} (copy)"[:200]
    return copy


def events_for_organisers(session: Session) -> list[Event]:
    """Every top-level event, newest start first, for the organisers' list."""
    return list(
        session.scalars(
            select(Event).where(Event.parent_id.is_(None)).order_by(Event.starts_at.desc())
        )
    )


def trainers(session: Session) -> list[User]:
    """People with the trainer role, by name."""
    return list(session.scalars(select(User).where(User.role == Role.TRAINER).order_by(User.name)))
