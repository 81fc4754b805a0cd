"""What the accounts context holds about a person, and how it is erased keeping counts.

The row stays, so bookings (attendance) still count by organisation and sector; what names or
reaches the person goes.
"""

from datetime import datetime

from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.accounts.signin import end_lockout

UNUSABLE_PASSWORD = "!closed"  # not a hash: no password verifies against it


def placeholder_email(user_id: int) -> str:
    """An address that cannot receive mail (RFC 2606 reserves .invalid), unique per account."""
    return f"closed-account-{user_id}@closed.invalid"


def erase_person(session: Session, person_id: int, now: datetime, *, secret: str) -> None:
    """Anonymise the account: name, email address (and one waiting to be confirmed), job
    title and failed sign-ins gone, password unusable, which ends every session signed in
    with the old one; organisation and sector stay for the counts. ``secret`` is the app's,
    which keys the failed sign-ins. Raises nothing."""
    user = session.get(User, person_id, with_for_update=True)
    end_lockout(session, secret=secret, email=user.email)
    user.name = "Closed account"
    user.email = placeholder_email(user.id)
    user.pending_email = None
    user.job_title = ""
    user.password_hash = UNUSABLE_PASSWORD
    user.reminders_enabled = False
    user.closed_at = now
    session.flush()
