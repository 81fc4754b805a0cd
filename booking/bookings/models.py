"""Bookings: a person's place, or place in the queue, on an event."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.accounts.models import User
from booking.core.models import Base, enum_type
from booking.events.models import Event


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("event_id", "person_id"),
        Index("ix_bookings_event_status_queued", "event_id", "status", "queued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[BookingStatus] = mapped_column(enum_type(BookingStatus, 16))
    ticket_token: Mapped[str] = mapped_column(String(64), unique=True)
    queued_at: Mapped[datetime]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
    # A cancelled booking that was a place on the waiting list: the person left the queue,
    # and is told so, rather than that they cancelled a booking they never had.
    left_waiting_list: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What the person tells the trainer (can be health data: trainers and organisers only).
    access_needs: Mapped[str] = mapped_column(Text, default="", server_default="")
    dietary_needs: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes_for_trainer: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Grows when a conference place's workshops change: its calendar entry's SEQUENCE is the
    # event's plus this, so the one entry is updated in place.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    # Made at the door for someone who came without a booking (a place even over capacity).
    walk_in: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Why an organiser cancelled it on the person's behalf, or moved them to another date (the
    # audit log says who, and who booked on someone's behalf).
    cancel_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")

    event: Mapped[Event] = relationship()
    person: Mapped[User] = relationship()

    @property
    def is_live(self) -> bool:
        return self.status != BookingStatus.CANCELLED

    def can_change(self, now: datetime) -> bool:
        """Its holder can change a live booking (workshops, needs, cancelling it) until the
        event starts."""
        return self.is_live and self.event.starts_at > now
