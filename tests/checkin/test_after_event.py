"""After the event and walk-ins: places made at the door (over capacity, joining an account or a
placeholder that registering claims), the register (no-shows, marking, closing, reopening),
attendance figures, and feedback requests only to the people who were there."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.accounts import tokens
from booking.accounts.models import Role, Sector, User
from booking.accounts.services import Registration, forget_unconfirmed_accounts, register
from booking.accounts.signin import authenticate
from booking.audit.models import AuditEntry
from booking.bookings.models import Booking, BookingStatus
from booking.checkin import register as registers
from booking.checkin import services
from booking.checkin.attendance import event_figures, no_show_history
from booking.checkin.door_list import door_count
from booking.checkin.models import Via
from booking.checkin.register import Attendance
from booking.checkin.results import Outcome
from booking.checkin.walk_ins import WalkIn, WalkInPlace, add_walk_in
from booking.core.errors import BadCredentials, EventNotEnded, NotAllowed, RegisterClosed
from booking.feedback.emails import FeedbackEmail
from booking.feedback.requests import schedule_feedback_requests
from booking.outbox.models import OutboxMessage
from tests.factories import NOW, PASSWORD
from tests.feedback.helpers import add_form

SECRET = "test-secret"


def _walk_in(session, event, by, *, email="sam@school.example", name="Sam Okoro"):
    person = WalkIn(name=name, email=email, organisation="Ormesby Primary", sector=Sector.SCHOOL)
    return add_walk_in(session, event_id=event.id, person=person, by_id=by.id, now=NOW)


def _actions(session) -> list[str]:
    return session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def _sign_in(session, email, password=PASSWORD):
    return authenticate(
        session,
        email=email,
        password=password,
        device=None,
        client="203.0.113.9",
        now=NOW,
        allow_demo=False,
        secret=SECRET,
    )


def test_a_walk_in_gets_a_place_over_capacity_and_is_checked_in(session, make):
    event = make.event(capacity=1, starts_in=timedelta(hours=-1))
    make.booking(event)
    trainer = make.user(role=Role.TRAINER)

    walked_in = _walk_in(session, event, trainer)

    assert walked_in.place == WalkInPlace.NEW
    assert walked_in.message == "Checked in: Sam Okoro, Ormesby Primary (walk-in)"
    booking = session.get(Booking, walked_in.result.booking_id)
    assert (booking.status, booking.walk_in) == (BookingStatus.CONFIRMED, True)
    assert door_count(session, event.id).text == "1 of 2 checked in"
    assert _actions(session)[-2:] == ["checkin.walk_in", "checkin.check_in"]
    person = booking.person
    assert (person.placeholder, person.password_hash, person.email) == (
        True,
        "",
        "sam@school.example",
    )
    # No booking email at the door.
    assert session.scalars(select(OutboxMessage)).all() == []


def test_a_walk_in_with_an_account_joins_it(session, make):
    event = make.event(starts_in=timedelta(hours=-1))
    known = make.user(name="Sam Okoro", email="Sam@School.example")
    walked_in = _walk_in(session, event, make.user(role=Role.TRAINER), email=" SAM@school.example ")
    booking = session.get(Booking, walked_in.result.booking_id)
    assert booking.person_id == known.id and not known.placeholder


def test_a_walk_in_who_had_a_place_is_checked_in_on_it(session, make):
    event = make.event(starts_in=timedelta(hours=-1))
    known = make.user(email="sam@school.example")
    booking = make.booking(event, known)
    walked_in = _walk_in(session, event, make.user(role=Role.TRAINER))
    assert walked_in.place == WalkInPlace.HAD_A_PLACE
    assert walked_in.result.booking_id == booking.id
    assert walked_in.message.startswith("Already booked on this event. Checked in: ")
    assert not booking.walk_in
    assert "checkin.walk_in" not in _actions(session)


def test_a_cancelled_place_comes_back_as_a_walk_in(session, make):
    event = make.event(starts_in=timedelta(hours=-1))
    known = make.user(email="sam@school.example")
    cancelled = make.booking(event, known, status=BookingStatus.CANCELLED)
    old_ticket = cancelled.ticket_token
    walked_in = _walk_in(session, event, make.user(role=Role.TRAINER))
    assert walked_in.place == WalkInPlace.REVIVED
    assert walked_in.result.booking_id == cancelled.id
    assert (cancelled.status, cancelled.walk_in) == (BookingStatus.CONFIRMED, True)
    assert cancelled.ticket_token != old_ticket


def test_no_walk_ins_once_the_register_is_closed(session, make):
    event = make.event(starts_in=timedelta(hours=-8))
    organiser = make.user(role=Role.ORGANISER)
    registers.close_register(session, event_id=event.id, by_id=organiser.id, now=NOW)
    with pytest.raises(RegisterClosed):
        _walk_in(session, event, organiser)


def test_a_placeholder_cannot_sign_in_and_is_never_forgotten(session, make):
    event = make.event(starts_in=timedelta(hours=-1))
    _walk_in(session, event, make.user(role=Role.TRAINER))
    with pytest.raises(BadCredentials):
        _sign_in(session, "sam@school.example", "")
    with pytest.raises(BadCredentials):
        _sign_in(session, "sam@school.example")
    assert forget_unconfirmed_accounts(session, now=NOW + timedelta(days=400)) == 0


def test_registering_the_address_sends_a_link_and_changes_nothing_until_it_is_followed(
    session, make
):
    event = make.event(starts_in=timedelta(hours=-1))
    booking_id = _walk_in(session, event, make.user(role=Role.TRAINER)).result.booking_id
    person = session.scalars(select(User).where(User.email == "sam@school.example")).one()
    walk_in_name = person.name
    stranger = Registration(
        name="Someone Else",
        email="sam@school.example",
        job_title="Teacher",
        organisation="Elsewhere",
        sector=Sector.SCHOOL,
        password="the stranger's password",
    )

    assert register(session, stranger, now=NOW) is None

    (link,) = session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == person.id))
    assert link.kind == "finish_account"
    assert (person.name, person.password_hash, person.placeholder) == (walk_in_name, "", True)
    with pytest.raises(BadCredentials):
        _sign_in(session, "sam@school.example", "the stranger's password")

    token = tokens.reset_token(SECRET, person)
    tokens.reset_password(session, secret=SECRET, token=token, password="sam's own", now=NOW)

    assert _sign_in(session, "sam@school.example", "sam's own").id == person.id
    assert person.placeholder is False and person.email_confirmed_at == NOW
    assert session.get(Booking, booking_id).person_id == person.id


def _ended(make, **fields):
    return make.event(starts_in=timedelta(hours=-8), hours=6, **fields)


def test_after_the_end_the_unchecked_are_no_shows(session, make):
    running = make.event(starts_in=timedelta(hours=-1))
    ended = _ended(make)
    trainer = make.user(role=Role.TRAINER)
    for event in (running, ended):
        came, absent = make.booking(event), make.booking(event)
        services.check_in(
            session, event=event, booking=came, by_id=trainer.id, now=NOW, via=Via.NAME
        )
    lines = {
        event.id: sorted(line.attendance for line in registers.register_lines(session, event, NOW))
        for event in (running, ended)
    }
    assert lines[running.id] == [Attendance.ATTENDED, Attendance.NOT_YET]
    assert lines[ended.id] == [Attendance.ATTENDED, Attendance.NO_SHOW]
    del absent


def test_marking_and_closing_the_register(session, make):
    event = _ended(make)
    trainer, organiser = make.user(role=Role.TRAINER), make.user(role=Role.ORGANISER)
    booking = make.booking(event)

    def mark(attended):
        return registers.mark(
            session,
            event=event,
            booking_id=booking.id,
            attended=attended,
            by_id=trainer.id,
            now=NOW,
        )

    assert mark(True).outcome == Outcome.CHECKED_IN
    assert mark(False).outcome == Outcome.UNDONE
    assert mark(True).outcome == Outcome.CHECKED_IN
    assert _actions(session) == [
        "checkin.mark_attended",
        "checkin.mark_absent",
        "checkin.mark_attended",
    ]
    registers.close_register(session, event_id=event.id, by_id=trainer.id, now=NOW)
    closed = registers.closed_register(session, event.id)
    assert closed.closed_at == NOW and closed.closed_by == trainer.name
    assert mark(False).outcome == Outcome.REGISTER_CLOSED
    other = make.booking(event)
    refused = services.check_in(
        session, event=event, booking=other, by_id=trainer.id, now=NOW, via=Via.NAME
    )
    assert refused.outcome == Outcome.REGISTER_CLOSED
    with pytest.raises(RegisterClosed):
        registers.close_register(session, event_id=event.id, by_id=trainer.id, now=NOW)
    with pytest.raises(NotAllowed):
        registers.reopen_register(
            session, event_id=event.id, by_id=trainer.id, role=Role.TRAINER, now=NOW
        )
    registers.reopen_register(
        session, event_id=event.id, by_id=organiser.id, role=Role.ORGANISER, now=NOW
    )
    assert registers.closed_register(session, event.id) is None
    assert mark(False).outcome == Outcome.UNDONE
    assert _actions(session)[3:] == [
        "checkin.close_register",
        "checkin.reopen_register",
        "checkin.mark_absent",
    ]


def test_the_register_closes_only_after_the_end(session, make):
    event = make.event(starts_in=timedelta(hours=-1))
    with pytest.raises(EventNotEnded):
        registers.close_register(session, event_id=event.id, by_id=make.user().id, now=NOW)


def test_attendance_figures(session, make):
    event = _ended(make, capacity=3)
    trainer = make.user(role=Role.TRAINER)
    came, make_absent = make.booking(event), make.booking(event)
    services.check_in(session, event=event, booking=came, by_id=trainer.id, now=NOW, via=Via.NAME)
    _walk_in(session, event, trainer)
    for hours_before in (72, 47, 1):
        cancelled = make.booking(event, status=BookingStatus.CANCELLED)
        cancelled.cancelled_at = event.starts_at - timedelta(hours=hours_before)
    left = make.booking(event, status=BookingStatus.CANCELLED)
    left.left_waiting_list, left.cancelled_at = True, event.starts_at - timedelta(hours=1)
    make.booking(event, status=BookingStatus.WAITLISTED)
    session.flush()

    figures = event_figures(session, event, now=NOW, late_within=timedelta(hours=48))
    assert (figures.booked, figures.attended, figures.no_shows, figures.walk_ins) == (3, 2, 1, 1)
    assert (figures.cancellations, figures.late_cancellations) == (3, 2)
    assert (
        event_figures(session, event, now=NOW, late_within=timedelta(hours=2)).late_cancellations
        == 1
    )
    before_the_end = event_figures(session, event, now=event.starts_at, late_within=timedelta(0))
    assert before_the_end.no_shows is None
    del make_absent


def test_a_persons_no_show_history_newest_first(session, make):
    person = make.user()
    trainer = make.user(role=Role.TRAINER)
    older = make.event(starts_in=timedelta(days=-20), title="Older")
    newer = make.event(starts_in=timedelta(days=-2), title="Newer")
    came = make.event(starts_in=timedelta(days=-5), title="Came")
    make.event(starts_in=timedelta(days=-3), title="Cancelled place")
    upcoming = make.event(starts_in=timedelta(days=3), title="Upcoming")
    for event in (older, newer, came, upcoming):
        make.booking(event, person)
    services.check_in(
        session,
        event=came,
        booking=session.scalars(select(Booking).where(Booking.event_id == came.id)).one(),
        by_id=trainer.id,
        now=came.starts_at,
        via=Via.NAME,
    )
    assert [n.title for n in no_show_history(session, person.id, now=NOW)] == ["Newer", "Older"]


def test_feedback_goes_once_and_only_to_the_people_checked_in(session, make):
    trainer = make.user(role=Role.TRAINER)
    finished = make.event(starts_in=timedelta(days=-1))
    nobody_came = make.event(starts_in=timedelta(days=-1))
    came, absent = make.booking(finished), make.booking(finished)
    make.booking(nobody_came)
    add_form(session, finished)
    add_form(session, nobody_came)
    at = finished.starts_at
    services.check_in(session, event=finished, booking=came, by_id=trainer.id, now=at, via=Via.NAME)
    walked_in = add_walk_in(
        session,
        event_id=finished.id,
        person=WalkIn("Sam Okoro", "sam@school.example", "Ormesby Primary", Sector.SCHOOL),
        by_id=trainer.id,
        now=at,
    )
    undone = make.booking(finished)
    services.check_in(
        session, event=finished, booking=undone, by_id=trainer.id, now=at, via=Via.NAME
    )
    services.undo(session, event=finished, booking=undone, by_id=trainer.id, now=at)

    assert schedule_feedback_requests(session, now=NOW) == 2
    assert schedule_feedback_requests(session, now=NOW) == 0
    asked = session.scalars(
        select(OutboxMessage.booking_id).where(OutboxMessage.kind == FeedbackEmail.REQUEST)
    ).all()
    assert sorted(asked) == sorted([came.id, walked_in.result.booking_id])
    names = dict(
        session.execute(
            select(OutboxMessage.booking_id, OutboxMessage.to_name).where(
                OutboxMessage.kind == FeedbackEmail.REQUEST
            )
        ).all()
    )
    # The walk-in's address was typed at the door, not proven: their email names nobody.
    assert names[walked_in.result.booking_id] == "" and names[came.id] == came.person.name
    del absent
