"""Who was there: check-ins at the door, the scans phones sent, and each event's register."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, ForeignKey, Index, String, and_, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.accounts.models import User
from booking.bookings.models import Booking
from booking.core.models import Base, enum_type


class Via(StrEnum):
    """How a check-in was made, shown in the audit log and the register."""

    SCAN = "scan"  # the door page's camera, or its "Type the ticket code" field
    NAME = "name"  # the door list's "Check in"
    TICKET_LINK = "ticket_link"  # a phone camera opened the ticket link
    WALK_IN = "walk_in"  # added at the door
    REGISTER = "register"  # marked as attended after the event (e.g. from a paper list)

    @property
    def label(self) -> str:
        return VIA_LABELS[self]


VIA_LABELS = {
    Via.SCAN: "Ticket scanned",
    Via.NAME: "Found by name",
    Via.TICKET_LINK: "Ticket link opened",
    Via.WALK_IN: "Walk-in",
    Via.REGISTER: "Marked on the register",
}

LIVE_CHECK_IN = "undone_at IS NULL"


class CheckIn(Base):
    """A person's place checked in. Undoing keeps the row (``undone_at``): what happened at the
    door stays readable, and a booking has at most one check-in that is not undone."""

    __tablename__ = "check_ins"
    __table_args__ = (
        Index(
            "uq_check_ins_live_booking",
            "booking_id",
            unique=True,
            postgresql_where=text(LIVE_CHECK_IN),
            sqlite_where=text(LIVE_CHECK_IN),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    # When the person was checked in: the phone's scan time for a scan sent later.
    checked_in_at: Mapped[datetime]
    recorded_at: Mapped[datetime]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    via: Mapped[Via] = mapped_column(enum_type(Via, 16))
    offline: Mapped[bool] = mapped_column(default=False)  # sent later by a phone's sync
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    by: Mapped[User | None] = relationship(foreign_keys=[by_id])

    @hybrid_property
    def is_live(self) -> bool:
        """Not undone: the booking's check-in (at most one is)."""
        return self.undone_at is None

    @is_live.inplace.expression
    @classmethod
    def _is_live_expression(cls) -> ColumnElement[bool]:
        return cls.undone_at.is_(None)


def live_check_in_of(booking_id) -> ColumnElement[bool]:
    """The condition joining a booking (its id column) to its live check-in, if any."""
    return and_(CheckIn.booking_id == booking_id, CheckIn.is_live)


class DoorScan(Base):
    """A scan a phone sent with its own id: received once, so a repeated sync changes nothing
    and gets the same answer."""

    __tablename__ = "door_scans"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    outcome: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime]

    booking: Mapped[Booking | None] = relationship()


class Register(Base):
    """An event's register once closed: attendance no longer changes."""

    __tablename__ = "registers"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    closed_at: Mapped[datetime]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
