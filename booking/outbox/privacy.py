"""What the outbox holds about a person, and how it is erased."""

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from booking.outbox.models import MessageStatus, OutboxMessage


def erase_person(session: Session, person_id: int, _now: datetime) -> None:
    """Drop every message to the person not yet sent, and their address and name from those
    sent (the rows stay, so a scheduled message is not made again). Raises nothing."""
    session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.user_id == person_id, OutboxMessage.status != MessageStatus.SENT)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.user_id == person_id)
        .values(to_address="", to_name="")
        .execution_options(synchronize_session=False)
    )
