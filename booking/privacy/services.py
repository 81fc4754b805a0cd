"""Closing an account: each context erases what it holds about the person, keeping counts.

Each context that holds personal data has a ``privacy.py`` with ``erase_person(session,
person_id, now)``; a new one is added to ERASERS. Order matters: contexts whose erasing sends
email (cancelling places tells the waiting list) come before the outbox, which drops what is
still queued for the person, and the account itself comes last (with the app's secret,
which keys its failed sign-ins).
"""

from datetime import datetime

from sqlalchemy.orm import Session

from booking.accounts import privacy as accounts_privacy
from booking.accounts.changes import open_account
from booking.accounts.models import Role, User
from booking.audit.services import record
from booking.bookings import privacy as bookings_privacy
from booking.core.errors import NotClosable
from booking.feedback import privacy as feedback_privacy
from booking.network import privacy as network_privacy
from booking.outbox import privacy as outbox_privacy
from booking.referrals import privacy as referrals_privacy
from booking.reports import privacy as reports_privacy

ERASERS = (
    bookings_privacy.erase_person,
    referrals_privacy.erase_person,
    reports_privacy.erase_person,
    feedback_privacy.erase_person,
    network_privacy.erase_person,
    outbox_privacy.erase_person,
)


def can_close(user: User) -> bool:
    """Whether people close this account themselves: professionals do; an administrator
    manages trainers' and organisers' accounts."""
    return user.role == Role.PROFESSIONAL


def close_account(session: Session, *, person_id: int, now: datetime, secret: str) -> None:
    """Close a professional's own account: their personal data is removed in every context,
    their places on events to come are given up (the waiting lists move), and what they
    attended stays as anonymous counts. Audited without personal data.
    Raises NotFound ("not_found") for an unknown or closed account, NotClosable
    ("not_closable") for trainers and organisers, whose accounts an administrator manages.
    """
    user = open_account(session, person_id)
    if not can_close(user):
        raise NotClosable(
            "Trainers' and organisers' accounts are closed by an administrator. Contact us."
        )
    for erase in ERASERS:
        erase(session, person_id, now)
    accounts_privacy.erase_person(session, person_id, now, secret=secret)
    record(
        session,
        actor_id=person_id,
        action="account.close",
        subject_type="user",
        subject_id=person_id,
        now=now,
    )
    session.flush()
