"""SQLAlchemy models, one module per aggregate."""

from booking.models.base import Base, utcnow
from booking.models.booking import Booking, BookingStatus
from booking.models.event import KIND_LABELS, Event, EventKind, EventStatus, event_trainers
from booking.models.outbox import MessageKind, MessageStatus, OutboxMessage
from booking.models.user import SECTOR_LABELS, LoginAttempt, Organisation, Role, Sector, User

__all__ = [
    "Base",
    "Booking",
    "BookingStatus",
    "Event",
    "EventKind",
    "EventStatus",
    "KIND_LABELS",
    "LoginAttempt",
    "MessageKind",
    "MessageStatus",
    "OutboxMessage",
    "Organisation",
    "Role",
    "SECTOR_LABELS",
    "Sector",
    "User",
    "event_trainers",
    "utcnow",
]
