"""What the referrals context holds about a person, and how it is erased keeping counts.

A referral names and reaches the parent (their name, address, phone): those are the parent's,
and go when the parent's account is erased, as the account itself is anonymised. The referrer
is only who referred: erasing them leaves the referral, counted under its referring team.
"""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from booking.accounts.privacy import placeholder_email
from booking.bookings.models import Booking
from booking.referrals.models import Referral

ERASED_NAME = "Closed account"  # as the account itself reads once erased


def erase_person(session: Session, person_id: int, now: datetime) -> None:
    """Blank how the referrals of the person as a parent name and reach them (the address
    becomes the closed account's unreachable one: a referral keeps a way-to-reach value), and
    forget them as the referrer of any referral. Counts per session and team stay. Raises
    nothing."""
    as_parent = select(Booking.id).where(Booking.person_id == person_id).scalar_subquery()
    session.execute(
        update(Referral)
        .where(Referral.booking_id.in_(as_parent))
        .values(parent_name=ERASED_NAME, parent_email=placeholder_email(person_id), parent_phone="")
        .execution_options(synchronize_session="fetch")
    )
    session.execute(
        update(Referral)
        .where(Referral.referred_by_id == person_id)
        .values(referred_by_id=None)
        .execution_options(synchronize_session="fetch")
    )
