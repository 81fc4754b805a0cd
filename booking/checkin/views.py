"""The door's blueprint, and the one way its routes find the event a person works the door of."""

from flask import Blueprint
from flask_login import current_user

from booking.checkin.access import door_event
from booking.events.models import Event
from booking.web.database import db

bp = Blueprint("door", __name__)


def worked_door(event_id: int) -> Event:
    """The event whose door the signed-in person works (``access.door_event``: 404 / 403)."""
    return door_event(db(), event_id=event_id, person_id=current_user.id, role=current_user.role)
