"""What the network context holds about a person: their places in networks (and invitations).
Erasing the person deletes those rows; a notice's reach keeps its counts in the notice.
(Subject access has no export hook: no context lists what it holds, so neither does this.)"""

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from booking.network.models import Subscription


def erase_person(session: Session, person_id: int, now: datetime) -> None:
    """Delete the person's subscriptions and invitations, whatever their state. Raises
    nothing."""
    session.execute(
        delete(Subscription)
        .where(Subscription.person_id == person_id)
        .execution_options(synchronize_session="fetch")
    )
