"""Closing an account: personal data gone in every context, attendance kept as counts, the
waiting list moved on, and no way back in."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from booking.accounts.signin import authenticate
from booking.checkin.models import Via
from booking.checkin.services import check_in
from booking.core.errors import BadCredentials, NotClosable, NotFound
from booking.feedback.requests import schedule_feedback_requests
from booking.models import (
    AuditEntry,
    Booking,
    BookingStatus,
    MessageStatus,
    OutboxMessage,
    Role,
    Sector,
    User,
)
from booking.outbox.queue import enqueue
from booking.privacy.services import close_account
from tests.factories import NOW, PASSWORD
from tests.feedback.helpers import add_form
from tests.web_client import WebClient


def test_closing_removes_personal_data_and_keeps_attendance_as_counts(session, make):
    person = make.user(name="Siobhán Ní Bhriain", email="siobhan@school.example")
    past = make.event(starts_in=timedelta(days=-3))
    attended = make.booking(past, person)
    attended.access_needs, attended.dietary_needs = "Step-free access", "Vegan"
    attended.notes_for_trainer = "I have a hearing impairment"
    enqueue(session, "confirm_email", person, now=NOW)
    session.flush()

    close_account(session, person_id=person.id, now=NOW, secret="test-secret")
    session.expire_all()

    user = session.get(User, person.id)
    assert "Siobhán" not in user.name and user.job_title == ""
    assert user.email.endswith(".invalid") and "siobhan" not in user.email
    assert user.closed_at == NOW and user.reminders_enabled is False
    assert user.organisation.sector == Sector.SCHOOL  # still counts by sector
    booking = session.get(Booking, attended.id)
    assert booking.status == BookingStatus.CONFIRMED  # attendance kept
    assert (booking.access_needs, booking.dietary_needs, booking.notes_for_trainer) == ("", "", "")
    attendees = select(func.count()).select_from(Booking).where(Booking.event_id == past.id)
    assert session.scalar(attendees) == 1
    assert (
        session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == person.id)).all() == []
    )
    (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "account.close"))
    assert (entry.actor_id, entry.subject_id, entry.details) == (person.id, person.id, {})


def test_closing_gives_up_places_to_come_and_promotes_the_waiting_list(session, make):
    person, waiting = make.user(), make.user()
    event = make.event(capacity=1)
    place = make.booking(event, person)
    queued = make.booking(
        event, waiting, BookingStatus.WAITLISTED, queued_at=NOW + timedelta(minutes=1)
    )
    elsewhere = make.booking(make.event(capacity=1), make.user())
    in_queue = make.booking(elsewhere.event, person, BookingStatus.WAITLISTED)

    close_account(session, person_id=person.id, now=NOW, secret="test-secret")
    session.expire_all()

    assert session.get(Booking, place.id).status == BookingStatus.CANCELLED
    assert session.get(Booking, in_queue.id).status == BookingStatus.CANCELLED
    assert session.get(Booking, queued.id).status == BookingStatus.CONFIRMED
    # The person is told nothing (their messages are dropped); the next in the queue is.
    assert session.execute(select(OutboxMessage.kind, OutboxMessage.user_id)).all() == [
        ("promoted", waiting.id)
    ]


def test_a_conference_place_takes_its_workshops_along(session, make):
    person = make.user()
    conference = make.event(kind="conference")
    workshop = make.event(parent=conference)
    places = [make.booking(conference, person), make.booking(workshop, person)]
    close_account(session, person_id=person.id, now=NOW, secret="test-secret")
    session.expire_all()
    assert {session.get(Booking, b.id).status for b in places} == {BookingStatus.CANCELLED}


def test_a_closed_account_cannot_sign_in_or_be_closed_again(session, make):
    person = make.user(email="jo@example.org")
    close_account(session, person_id=person.id, now=NOW, secret="test-secret")
    for email in ("jo@example.org", person.email):
        with pytest.raises(BadCredentials):
            authenticate(
                session,
                email=email,
                password=PASSWORD,
                device=None,
                client="192.0.2.1",
                now=NOW,
                allow_demo=False,
                secret="test-secret",
            )
    with pytest.raises(NotFound):
        close_account(session, person_id=person.id, now=NOW, secret="test-secret")


def test_sent_messages_forget_the_address_and_feedback_is_not_asked(session, make):
    person = make.user(email="jo@example.org")
    finished = make.event(starts_in=timedelta(days=-2))
    booking = make.booking(finished, person)
    add_form(session, finished)
    at = finished.starts_at
    check_in(session, event=finished, booking=booking, by_id=person.id, now=at, via=Via.NAME)
    enqueue(session, "confirm_email", person, now=NOW)
    session.execute(OutboxMessage.__table__.update().values(status=MessageStatus.SENT))
    close_account(session, person_id=person.id, now=NOW, secret="test-secret")
    (sent,) = session.scalars(select(OutboxMessage)).all()
    assert (sent.to_address, sent.to_name) == ("", "")
    assert schedule_feedback_requests(session, now=NOW) == 0


def test_trainers_and_organisers_are_closed_by_an_administrator(session, make):
    for role in (Role.TRAINER, Role.ORGANISER):
        with pytest.raises(NotClosable):
            close_account(session, person_id=make.user(role=role).id, now=NOW, secret="test-secret")


def test_closing_from_the_account_asks_first_then_signs_out_everywhere(app, given, db):
    person = given.user()
    db.commit()
    client, elsewhere = WebClient(app), WebClient(app)
    client.sign_in(person.email)
    elsewhere.sign_in(person.email)
    assert 'href="/account/close"' in client.get("/account").get_data(as_text=True)
    page = client.get("/account/close").get_data(as_text=True)
    assert "This removes your name, email address" in page
    assert "Your attendance is kept as anonymous counts" in page
    assert client.post("/account/close", csrf=False).status_code == 400
    response = client.post("/account/close", {"password": PASSWORD})
    assert response.status_code == 302
    assert "Your account has been closed" in client.get("/events").get_data(as_text=True)
    for browser in (client, elsewhere):
        assert browser.get("/account").status_code == 302  # to sign in
    failed = client.post("/sign-in", {"email": person.email, "password": PASSWORD})
    assert "Enter a correct email address and password" in failed.get_data(as_text=True)
    db.rollback()
    db.expire_all()
    assert db.get(User, person.id).closed_at is not None


def test_the_close_page_offers_closing_exactly_when_the_service_allows_it(app, given, db):
    trainer, professional = given.user(role=Role.TRAINER), given.user()
    db.commit()
    for person, closable in ((trainer, False), (professional, True)):
        client = WebClient(app)
        client.sign_in(person.email)
        page = client.get("/account/close").get_data(as_text=True)
        assert ("Close my account" in page) is closable
        assert ("closed by an administrator" in page) is not closable
    client = WebClient(app)
    client.sign_in(trainer.email)
    client.post("/account/close", {"csrf_token": client.csrf("/account/close")})
    db.rollback()
    db.expire_all()
    assert db.get(User, trainer.id).closed_at is None
