"""Closing an account: the person's feedback stays as counts, their words and the link to
their booking go; nobody else's feedback changes."""

from datetime import timedelta

from sqlalchemy import select

from booking.feedback import responses
from booking.feedback.models import Answer, FeedbackResponse
from booking.feedback.summary import form_summary
from booking.models import Role
from booking.privacy.services import close_account
from tests.factories import NOW
from tests.feedback.helpers import add_form, check_in, good_answers


def _respond(session, booking, form, role: str) -> FeedbackResponse:
    answers = good_answers(form, short_text=role, long_text=f"{role} will check the log")
    return responses.submit(session, booking_id=booking.id, answers=answers, now=NOW)


def test_closing_blanks_the_persons_words_and_keeps_their_answers_as_counts(session, make):
    event = make.event(starts_in=timedelta(days=-1))
    form = add_form(session, event)
    trainer = make.user(role=Role.TRAINER)
    leaving, staying = make.booking(event), make.booking(event)
    for booking in (leaving, staying):
        check_in(session, booking, trainer.id)
    theirs = _respond(session, leaving, form, "Head of year")
    others = _respond(session, staying, form, "Class teacher")
    session.flush()
    before = form_summary(session, form.id)

    close_account(session, person_id=leaving.person_id, now=NOW, secret="test-secret")
    session.expire_all()

    kept = session.get(FeedbackResponse, theirs.id)
    assert kept.booking_id is None
    texts = session.scalars(select(Answer.text).where(Answer.response_id == theirs.id)).all()
    assert sorted(texts) == ["", "", "", ""]  # the two options' answers never had text
    options = session.scalars(
        select(Answer.option_index).where(
            Answer.response_id == theirs.id, Answer.option_index.is_not(None)
        )
    ).all()
    assert sorted(options) == [0, 2]
    assert session.get(FeedbackResponse, others.id).booking_id == staying.id
    other_texts = session.scalars(select(Answer.text).where(Answer.response_id == others.id))
    assert "Class teacher" in other_texts.all()
    after = form_summary(session, form.id)
    assert after.responses == before.responses == 2
    assert [q.options for q in after.questions[:2]] == [q.options for q in before.questions[:2]]
