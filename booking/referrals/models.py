"""A parent or carer referred to a digital parenting session, and who referred them."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.bookings.models import Booking
from booking.core.models import Base


class Referral(Base):
    """The parent's place is ``booking`` (same capacity, waiting list and check-in rules as any
    booking); the referral keeps how to reach them and nothing about the family's case."""

    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint("parent_agreed", name="parent_agreed"),
        CheckConstraint("parent_email <> '' OR parent_phone <> ''", name="a_way_to_reach"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), unique=True
    )
    referred_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The referrer's team when they referred: the organiser's "referrals by referring team".
    referring_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    parent_name: Mapped[str] = mapped_column(String(120))
    parent_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    parent_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    parent_agreed: Mapped[bool]
    created_at: Mapped[datetime]

    booking: Mapped[Booking] = relationship()
