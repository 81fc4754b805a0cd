"""Reach emails: the refresher prompt, two months before a person's training lapses, listing
the course's upcoming dates as they are when it is sent."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.core.clock import utcnow
from booking.core.formatting import date_range, long_date
from booking.events.models import Event, EventStatus
from booking.events.rules import where
from booking.outbox.composing import Content, MailSettings, register
from booking.outbox.models import OutboxMessage


class ReportEmail(StrEnum):
    REFRESHER_PROMPT = "refresher_prompt"


def course_key(title: str) -> str:
    """The one rule for "the same course": titles equal ignoring case and spacing (Python's
    casefold, which SQLite's ASCII-only lower() is not). Raises nothing."""
    return " ".join(title.split()).casefold()


def upcoming_dates(session: Session, title: str, *, now: datetime) -> list[Event]:
    """The published, not yet started events of a course (the same course by
    ``course_key``, as ``refreshers`` matches lapses), soonest first, ten at most. Raises
    nothing."""
    upcoming = session.scalars(
        select(Event)
        .where(
            Event.status == EventStatus.PUBLISHED,
            Event.parent_id.is_(None),
            Event.starts_at > now,
        )
        .order_by(Event.starts_at, Event.id)
    )
    course = course_key(title)
    return [event for event in upcoming if course_key(event.title) == course][:10]


def _refresher(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    title = message.payload["title"]
    lapses = datetime.fromisoformat(message.payload["lapses_on"])
    dates = upcoming_dates(session, title, now=utcnow())
    no_dates = "No dates are published yet. Find training: " + settings.links.to("events")
    listed = [
        f"{date_range(event.starts_at, event.ends_at)}, {where(event.venue)}: "
        + settings.links.event(event.id)
        for event in dates
    ]
    return Content(
        subject=f"Time to renew your training: {title}",
        heading="Your training is due for renewal",
        paragraphs=[
            f"Your {title} training stays current until {long_date(lapses)}.",
            *(["Book one of the coming dates:", *listed] if listed else [no_dates]),
        ],
        after=[
            "To stop these emails, choose 'No' for renewal reminders on your account page: "
            + settings.links.to("account")
        ],
    )


def _no_longer_applies(session: Session, message: OutboxMessage, now: datetime) -> str | None:
    person = session.get(User, message.user_id) if message.user_id else None
    if person is None or not person.refresher_prompts:
        return "Not sent: renewal reminders are switched off."
    return None


register(ReportEmail.REFRESHER_PROMPT, _refresher, _no_longer_applies)
