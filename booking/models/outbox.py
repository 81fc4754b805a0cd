"""The outbox: every email is a row, written in the transaction of the change that causes it."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.models.base import Base, enum_type
from booking.models.booking import Booking
from booking.models.event import Event
from booking.models.user import User


class MessageKind(StrEnum):
    BOOKING_CONFIRMED = "booking_confirmed"
    WAITLIST_JOINED = "waitlist_joined"
    PROMOTED = "promoted"
    BOOKING_CANCELLED = "booking_cancelled"
    BOOKING_CANCELLED_BY_ORGANISER = "booking_cancelled_by_organiser"
    EVENT_CHANGED = "event_changed"
    EVENT_CANCELLED = "event_cancelled"
    REMINDER = "reminder"
    FEEDBACK_REQUEST = "feedback_request"
    CONFIRM_EMAIL = "confirm_email"
    RESET_PASSWORD = "reset_password"


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # no longer true when its turn came (a reminder for a cancelled place)


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MessageKind] = mapped_column(enum_type(MessageKind))
    status: Mapped[MessageStatus] = mapped_column(
        enum_type(MessageStatus, 16), default=MessageStatus.PENDING
    )
    message_key: Mapped[str] = mapped_column(String(64), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(120), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

    user: Mapped[User | None] = relationship()
    booking: Mapped[Booking | None] = relationship()
    event: Mapped[Event | None] = relationship()
