"""What the outbox holds about a person, and how it is erased."""

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from booking.outbox.models import MessageStatus, OutboxMessage


def erase_person(session: Session, person_id: int, _now: datetime) -> None:
    """Drop every message to the person waiting to be sent, and their address and name from
    the rest: those sent (the rows stay, so a scheduled message is not made again) and those a
    worker is sending at this moment (the worker marks them; without an address they are not
    tried again). Raises nothing."""
    session.execute(
        delete(OutboxMessage)
        .where(
            OutboxMessage.user_id == person_id,
            OutboxMessage.status.not_in((MessageStatus.SENT, MessageStatus.SENDING)),
        )
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.user_id == person_id)
        .values(to_address="", to_name="")
        .execution_options(synchronize_session=False)
    )
