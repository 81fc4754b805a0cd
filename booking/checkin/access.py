"""Who works an event's door: its organisers, its trainers, and a conference's trainers at its
workshops' doors. Every door route asks here, per event."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from booking.accounts.models import Role
from booking.core.errors import NotAllowed, NotFound
from booking.events.models import Event, EventStatus, event_trainers
from booking.events.rules import is_trainer_of


def works_door(event: Event, *, person_id: int, role: Role) -> bool:
    """Whether the person may see the event's door list and check people in: an organiser, or
    a trainer of the event (``events.rules.is_trainer_of``)."""
    return role == Role.ORGANISER or is_trainer_of(event, person_id)


def door_event(session: Session, *, event_id: int, person_id: int, role: Role) -> Event:
    """The event whose door the person works.

    Raises NotFound ("not_found") for no such event or a draft (it has no door yet),
    NotAllowed ("not_allowed") for anyone who does not work its door (``works_door``).
    """
    event = session.get(Event, event_id)
    if event is None or event.status == EventStatus.DRAFT:
        raise NotFound("Event not found")
    if not works_door(event, person_id=person_id, role=role):
        raise NotAllowed("Only the event's trainers and the organisers work its door")
    return event


def trained_event_ids(person_id: int):
    """A condition on ``Event``: the events the person is assigned to, directly or through
    their conference (for listing a trainer's events in one statement; only for someone with
    the trainer role, as ``is_trainer_of``)."""
    direct = select(event_trainers.c.event_id).where(event_trainers.c.user_id == person_id)
    return or_(Event.id.in_(direct), Event.parent_id.in_(direct))
