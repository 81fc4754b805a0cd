"""Who may respond to a feedback form, giving, changing and closing, paper forms, the personal
link, and a link sent twice at once (on both databases)."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from booking.audit.models import AuditEntry
from booking.checkin import services as checkin
from booking.checkin.walk_ins import WalkIn, add_walk_in
from booking.core.errors import EventNotEnded, InvalidLink
from booking.db import make_sessions
from booking.feedback import links, responses
from booking.feedback.models import Answer, FeedbackResponse, ResponseSource
from booking.feedback.responses import (
    AlreadyResponded,
    CannotRespond,
    FeedbackClosed,
    InvalidAnswers,
)
from booking.models import Role, Sector
from tests.factories import NOW, Factory
from tests.feedback.helpers import add_form, check_in, fields, good_answers
from tests.locks import until_a_transaction_waits_on_a_lock

SECRET = "test-secret"


@pytest.fixture
def ended(make):
    """An event that ended yesterday with a feedback form, a trainer and one attended place."""
    event = make.event(starts_in=timedelta(days=-1), hours=6)
    form = add_form(make.session, event)
    trainer = make.user(role=Role.TRAINER)
    booking = make.booking(event)
    check_in(make.session, booking, trainer.id)
    return event, form, trainer, booking


def _submit(session, booking, answers, now=NOW):
    return responses.submit(session, booking_id=booking.id, answers=answers, now=now)


def test_a_person_checked_in_responds_once_and_the_answers_are_stored(session, ended):
    _event, form, _trainer, booking = ended
    response = _submit(session, booking, good_answers(form))
    assert (response.source, response.booking_id) == (ResponseSource.ONLINE, booking.id)
    stored = {a.question.kind.value: (a.option_index, a.text) for a in response.answers}
    assert stored == {
        "scale": (2, ""),
        "yes_no": (0, ""),
        "short_text": (None, "Class teacher"),
        "long_text": (None, "Check the log every week."),
    }
    with pytest.raises(AlreadyResponded) as second:
        _submit(session, booking, good_answers(form))
    closes = booking.event.ends_at + timedelta(weeks=4)
    assert second.value.code == "already_responded"
    assert second.value.message == (
        f"You have already given feedback — you can change it until {responses.until(closes)}."
    )
    assert session.scalar(select(func.count()).select_from(FeedbackResponse)) == 1


def test_people_who_were_not_there_are_told_why_they_cannot_respond(session, make, ended):
    event, _form, trainer, _booking = ended
    absent = make.booking(event)
    undone = make.booking(event)
    check_in(session, undone, trainer.id)
    checkin.undo(session, event=event, booking=undone, by_id=trainer.id, now=event.ends_at)
    for booking in (absent, undone):
        with pytest.raises(CannotRespond) as refused:
            responses.invitation(session, booking_id=booking.id, now=NOW)
        assert refused.value.code == "cannot_respond"
        assert "our register does not show you there" in refused.value.message


def test_no_form_no_feedback_and_a_walk_in_may_respond(session, make):
    trainer = make.user(role=Role.TRAINER)
    event = make.event(starts_in=timedelta(days=-1))
    booking = make.booking(event)
    check_in(session, booking, trainer.id)
    with pytest.raises(CannotRespond, match="not asking for feedback"):
        responses.invitation(session, booking_id=booking.id, now=NOW)
    form = add_form(session, event)
    walked_in = add_walk_in(
        session,
        event_id=event.id,
        person=WalkIn("Sam Okoro", "sam@school.example", "Ormesby Primary", Sector.SCHOOL),
        by_id=trainer.id,
        now=event.starts_at,
    )
    walk_in_booking = walked_in.result.booking_id
    response = responses.submit(
        session, booking_id=walk_in_booking, answers=good_answers(form), now=NOW
    )
    assert response.booking_id == walk_in_booking


def test_a_missing_booking_is_an_invalid_link(session):
    with pytest.raises(InvalidLink):
        responses.invitation(session, booking_id=999_999, now=NOW)


def test_required_answers_bad_options_and_over_long_text_are_each_refused(session, ended):
    _event, form, _trainer, booking = ended
    names = fields(form)
    with pytest.raises(InvalidAnswers) as missing:
        _submit(session, booking, {names["yes_no"]: "1"})
    assert [field for field, _ in missing.value.problems] == [names["scale"], names["long_text"]]
    assert missing.value.code == "invalid_answers"
    bad = good_answers(form, scale="3", yes_no="-1", short_text="x" * 201, long_text="y" * 2001)
    with pytest.raises(InvalidAnswers) as refused:
        _submit(session, booking, bad)
    messages = dict(refused.value.problems)
    assert messages[names["scale"]].startswith("Choose one of the answers")
    assert messages[names["yes_no"]].startswith("Choose one of the answers")
    assert messages[names["short_text"]].endswith("must be 200 characters or fewer")
    assert messages[names["long_text"]].endswith("must be 2,000 characters or fewer")
    at_the_limit = good_answers(form, short_text="x" * 200, long_text="y" * 2000)
    assert len(_submit(session, booking, at_the_limit).answers) == 4


@pytest.mark.parametrize("digits", ["²", "٣", "１", "0²"])
def test_digits_other_than_0_to_9_are_a_bad_option_not_a_crash(session, ended, digits):
    _event, form, _trainer, booking = ended
    names = fields(form)
    with pytest.raises(InvalidAnswers) as refused:
        _submit(session, booking, good_answers(form, scale=digits))
    assert [field for field, _ in refused.value.problems] == [names["scale"]]


def test_a_response_changes_until_the_form_closes_then_nothing_is_taken(session, ended):
    event, form, _trainer, booking = ended
    _submit(session, booking, good_answers(form))
    names = fields(form)
    changed = good_answers(form, scale="0", short_text="")
    changed.pop(names["yes_no"])
    closes = event.ends_at + timedelta(weeks=4)
    response = responses.change(
        session, booking_id=booking.id, answers=changed, now=closes - timedelta(seconds=1)
    )
    session.flush()
    stored = {a.question_id: (a.option_index, a.text) for a in response.answers}
    assert stored == {
        form.questions[0].id: (0, ""),
        form.questions[3].id: (None, "Check the log every week."),
    }
    assert session.scalar(select(func.count()).select_from(Answer)) == 2
    with pytest.raises(FeedbackClosed) as closed:
        responses.change(session, booking_id=booking.id, answers=changed, now=closes)
    assert closed.value.code == "feedback_closed"
    assert responses.may_respond_now(session, [booking.id], now=closes) == set()


def test_the_organisers_closing_date_is_kept(session, ended):
    event, form, _trainer, booking = ended
    form.closes_at = event.ends_at + timedelta(days=2)
    assert responses.may_respond_now(session, [booking.id], now=NOW) == {booking.id}
    with pytest.raises(FeedbackClosed):
        _submit(session, booking, good_answers(form), now=form.closes_at)


def test_paper_forms_are_counted_audited_and_need_no_required_answers(session, make, ended):
    event, form, _trainer, _booking = ended
    organiser = make.user(role=Role.ORGANISER)
    names = fields(form)
    first = responses.enter_paper_response(
        session, event_id=event.id, answers={names["yes_no"]: "1"}, by_id=organiser.id, now=NOW
    )
    second = responses.enter_paper_response(
        session, event_id=event.id, answers=good_answers(form), by_id=organiser.id, now=NOW
    )
    assert (first.number, second.number) == (1, 2)
    paper = session.get(FeedbackResponse, first.response_id)
    assert (paper.source, paper.booking_id, paper.entered_by_id) == (
        ResponseSource.PAPER,
        None,
        organiser.id,
    )
    audited = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "feedback.paper_entered")
    ).all()
    assert [(e.actor_id, e.subject_id) for e in audited] == [(organiser.id, event.id)] * 2
    with pytest.raises(InvalidAnswers, match="at least one answer"):
        responses.enter_paper_response(
            session, event_id=event.id, answers={}, by_id=organiser.id, now=NOW
        )


def test_paper_forms_wait_for_the_end_of_the_event(session, make):
    event = make.event(starts_in=timedelta(hours=-1), hours=3)
    form = add_form(session, event)
    with pytest.raises(EventNotEnded):
        responses.enter_paper_response(
            session, event_id=event.id, answers=good_answers(form), by_id=1, now=NOW
        )


def test_the_link_names_its_booking_and_refuses_tampering(session, ended):
    booking = ended[3]
    token = links.feedback_token(SECRET, booking)
    assert links.booking_id_from_token(SECRET, token) == booking.id
    assert str(booking.person.email) not in token and "Person" not in token
    for bad in (token[:-2] + "xx", token + "a", "nonsense", links.feedback_token("other", 1)):
        with pytest.raises(InvalidLink):
            links.booking_id_from_token(SECRET, bad)


def test_two_submissions_of_the_same_link_at_once_make_one_response(engine):
    with make_sessions(engine).writer() as session:
        make = Factory(session)
        event = make.event(starts_in=timedelta(days=-1))
        form = add_form(session, event)
        booking = make.booking(event)
        check_in(session, booking, make.user(role=Role.TRAINER).id)
        answers, booking_id = good_answers(form), booking.id
        session.commit()
    sessions, outcomes = make_sessions(engine), []

    def second():
        try:
            with sessions.writer() as twin:
                responses.submit(twin, booking_id=booking_id, answers=answers, now=NOW)
                twin.commit()
                outcomes.append("done")
        except AlreadyResponded:
            outcomes.append("already")
        except Exception as error:  # noqa: BLE001 - the test reports whatever escapes
            outcomes.append(repr(error))

    with sessions.writer() as first:
        responses.submit(first, booking_id=booking_id, answers=answers, now=NOW)
        first.flush()
        waiting = threading.Thread(target=second)
        waiting.start()
        until_a_transaction_waits_on_a_lock(engine)
        first.commit()
        outcomes.append("done")
    waiting.join()
    assert sorted(outcomes) == ["already", "done"]
    with sessions.reader() as session:
        assert session.scalar(select(func.count()).select_from(FeedbackResponse)) == 1


def test_two_changes_of_one_response_at_once_both_apply_in_turn(engine):
    with make_sessions(engine).writer() as session:
        make = Factory(session)
        event = make.event(starts_in=timedelta(days=-1))
        form = add_form(session, event)
        booking = make.booking(event)
        check_in(session, booking, make.user(role=Role.TRAINER).id)
        first_answers = good_answers(form, short_text="")  # the optional line left blank
        responses.submit(session, booking_id=booking.id, answers=first_answers, now=NOW)
        booking_id, names = booking.id, fields(form)
        session.commit()
    sessions, outcomes = make_sessions(engine), []
    later = NOW + timedelta(minutes=1)

    def change(session, role: str) -> None:
        answers = good_answers(form, short_text=role)
        responses.change(session, booking_id=booking_id, answers=answers, now=later)

    def second():
        try:
            with sessions.writer() as twin:
                change(twin, "Second")
                twin.commit()
                outcomes.append("done")
        except Exception as error:  # noqa: BLE001 - the test reports whatever escapes
            outcomes.append(repr(error))

    with sessions.writer() as first:
        change(first, "First")
        first.flush()
        waiting = threading.Thread(target=second)
        waiting.start()
        until_a_transaction_waits_on_a_lock(engine)
        first.commit()
        outcomes.append("done")
    waiting.join()
    assert outcomes == ["done", "done"]
    with sessions.reader() as session:
        texts = session.scalars(
            select(Answer.text).where(Answer.question_id == int(names["short_text"][1:]))
        ).all()
        assert texts == ["Second"]
