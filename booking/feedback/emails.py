"""Feedback emails: "tell us how it went" once the event ends, and one reminder a week later
to those who have not answered; each carries the person's own feedback link
(``feedback.links``), which works without signing in.

They left ``bookings.emails`` when the link came: bookings cannot see feedback forms, and a
request is only sent while the booking's event has a form that is open.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.bookings.models import Booking, BookingStatus
from booking.events.rules import is_cancelled
from booking.feedback.links import feedback_token
from booking.feedback.models import FeedbackResponse
from booking.feedback.responses import until
from booking.feedback.rules import attended, event_form, form_closes_at, is_open
from booking.outbox.composing import Content, MailSettings, register
from booking.outbox.models import OutboxMessage


class FeedbackEmail(StrEnum):
    REQUEST = "feedback_request"
    REMINDER = "feedback_reminder"


def feedback_link(booking: Booking, settings: MailSettings) -> str:
    """The absolute personal link to the booking's feedback form."""
    return settings.links.to("feedback", token=feedback_token(settings.secret_key, booking))


def _content(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    booking = session.get(Booking, message.booking_id)
    event = booking.event
    form = event_form(session, event.id)
    ends = until(form_closes_at(form, event)) if form is not None else ""
    if message.kind == FeedbackEmail.REMINDER:
        subject, heading = f"Reminder: tell us how {event.title} went", "A reminder from us"
        opening = f"You have not told us yet how {event.title} went for you."
    else:
        subject, heading = f"Tell us how it went: {event.title}", "Tell us how it went"
        opening = f"Thank you for coming to {event.title}."
    return Content(
        subject=subject,
        heading=heading,
        paragraphs=[
            opening,
            "Your feedback helps us plan training that is useful to you and your colleagues. "
            "It takes a few minutes.",
        ],
        link=("Give feedback", feedback_link(booking, settings)),
        after=[f"You can give or change your feedback until {ends}."] if ends else [],
    )


def no_longer_applies(session: Session, message: OutboxMessage, now: datetime) -> str | None:
    """Why a feedback email queued earlier should not go: the place was cancelled, the
    check-in undone or the event cancelled, the form removed or closed, or (a reminder) the
    person has answered."""
    booking = session.get(Booking, message.booking_id)
    if booking is None:
        return None
    if booking.status != BookingStatus.CONFIRMED:
        return f"Not sent: the booking is {booking.status.value} now."
    if not attended(session, booking):
        return "Not sent: the person's check-in was undone."
    if is_cancelled(booking.event):
        return "Not sent: the event was cancelled."
    form = event_form(session, booking.event_id)
    if form is None or not is_open(form, booking.event, now):
        return "Not sent: the event's feedback form is closed or gone."
    answered = select(FeedbackResponse.id).where(FeedbackResponse.booking_id == booking.id)
    if message.kind == FeedbackEmail.REMINDER and session.scalar(answered) is not None:
        return "Not sent: the person has given feedback."
    return None


for _kind in FeedbackEmail:
    register(_kind, _content, no_longer_applies)
