"""The outbox: every email is a row, written in the transaction of the change that causes it."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from booking.core.models import Base, enum_type


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # no longer true when its turn came (a reminder for a cancelled place)


class OutboxMessage(Base):
    """One email to one person. ``kind`` names the composer that writes it (each context
    registers its kinds); the ids say what it is about, for the composer to read afresh."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
        Index("ix_outbox_messages_batch_status", "batch_key", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[MessageStatus] = mapped_column(
        enum_type(MessageStatus, 16), default=MessageStatus.PENDING
    )
    message_key: Mapped[str] = mapped_column(String(64), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(120), default="")
    # Foreign keys by table name only: the outbox imports nothing of the contexts above it.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    # The messages written together for one cause (a network notice to all its members), so
    # their delivery can be counted: "212 delivered, 2 failed".
    batch_key: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
