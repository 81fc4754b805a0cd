"""What the feedback context holds about a person, and how it is erased keeping counts."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from booking.bookings.models import Booking
from booking.feedback.models import Answer, FeedbackResponse


def erase_person(session: Session, person_id: int, now: datetime) -> None:
    """Blank the free-text answers of the person's feedback responses and cut each response
    from their booking: the responses and their chosen options stay, as counts in the
    summaries, no longer anyone's. Raises nothing."""
    theirs = select(FeedbackResponse.id).where(
        FeedbackResponse.booking_id.in_(select(Booking.id).where(Booking.person_id == person_id))
    )
    response_ids = session.scalars(theirs).all()
    if not response_ids:
        return
    session.execute(
        update(Answer)
        .where(Answer.response_id.in_(response_ids), Answer.text != "")
        .values(text="")
        .execution_options(synchronize_session="fetch")
    )
    session.execute(
        update(FeedbackResponse)
        .where(FeedbackResponse.id.in_(response_ids))
        .values(booking_id=None)
        .execution_options(synchronize_session="fetch")
    )
