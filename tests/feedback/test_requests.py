""" "Tell us how it went" carries the person's own link, only for an event with an open form,
and one reminder a week after the event goes to those who have not answered."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from booking.checkin.models import CheckIn
from booking.core.links import Links
from booking.feedback import links, responses
from booking.feedback.emails import FeedbackEmail
from booking.feedback.requests import schedule_feedback_reminders, schedule_feedback_requests
from booking.models import OutboxMessage, Role
from booking.outbox.composing import MailSettings, compose, reason_to_skip
from tests.factories import NOW
from tests.feedback.helpers import add_form, check_in, good_answers

SETTINGS = MailSettings(Links("https://training.example.org"), "test-secret", "t@example.org", "T")


def _queued(session, kind):
    found = select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    return session.scalars(found).all()


def _attended(make, event, count):
    trainer = make.user(role=Role.TRAINER)
    places = [make.booking(event) for _ in range(count)]
    for booking in places:
        check_in(make.session, booking, trainer.id)
    return places


def test_the_request_goes_only_where_there_is_a_form_and_carries_a_personal_link(session, make):
    with_form = make.event(starts_in=timedelta(days=-1))
    without_form = make.event(starts_in=timedelta(days=-1))
    add_form(session, with_form)
    (asked,) = _attended(make, with_form, 1)
    _attended(make, without_form, 1)

    assert schedule_feedback_requests(session, now=NOW) == 1
    assert schedule_feedback_requests(session, now=NOW) == 0
    (message,) = _queued(session, FeedbackEmail.REQUEST)
    assert message.booking_id == asked.id
    email = compose(session, message, SETTINGS)
    text = email.get_body(("plain",)).get_content()
    token = re.search(r"https://training\.example\.org/feedback/([\w.-]+)", text).group(1)
    assert links.booking_id_from_token("test-secret", token) == asked.id
    assert "until" in text and email["Subject"] == f"Tell us how it went: {with_form.title}"


def test_one_reminder_a_week_after_to_those_who_have_not_answered(session, make):
    event = make.event(starts_in=timedelta(days=-1))
    form = add_form(session, event)
    answered, quiet = _attended(make, event, 2)
    responses.submit(session, booking_id=answered.id, answers=good_answers(form), now=NOW)
    assert schedule_feedback_reminders(session, now=NOW) == 0  # not a week yet
    week_later = event.ends_at + timedelta(days=7)
    assert schedule_feedback_reminders(session, now=week_later) == 1
    assert schedule_feedback_reminders(session, now=week_later + timedelta(days=1)) == 0
    (reminder,) = _queued(session, FeedbackEmail.REMINDER)
    assert reminder.booking_id == quiet.id
    assert reminder.idempotency_key == f"feedback-reminder:{quiet.id}"
    assert reason_to_skip(session, reminder, week_later) is None
    responses.submit(session, booking_id=quiet.id, answers=good_answers(form), now=week_later)
    assert reason_to_skip(session, reminder, week_later) == (
        "Not sent: the person has given feedback."
    )


def test_nothing_is_asked_once_the_form_has_closed(session, make):
    event = make.event(starts_in=timedelta(days=-1))
    form = add_form(session, event, closes_at=event.ends_at + timedelta(days=3))
    _attended(make, event, 1)
    week_later = event.ends_at + timedelta(days=7)
    assert schedule_feedback_reminders(session, now=week_later) == 0
    assert schedule_feedback_requests(session, now=form.closes_at) == 0
    assert schedule_feedback_requests(session, now=NOW) == 1
    (request,) = _queued(session, FeedbackEmail.REQUEST)
    assert reason_to_skip(session, request, form.closes_at).startswith("Not sent: the event's")


def test_a_request_queued_before_the_check_in_was_undone_is_not_sent(session, make):
    event = make.event(starts_in=timedelta(days=-1))
    add_form(session, event)
    (booking,) = _attended(make, event, 1)
    assert schedule_feedback_requests(session, now=NOW) == 1
    (request,) = _queued(session, FeedbackEmail.REQUEST)
    assert reason_to_skip(session, request, NOW) is None
    session.execute(update(CheckIn).where(CheckIn.booking_id == booking.id).values(undone_at=NOW))
    assert reason_to_skip(session, request, NOW) == "Not sent: the person's check-in was undone."
