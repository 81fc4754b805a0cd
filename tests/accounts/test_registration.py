"""Registering: twins at the same moment (on both databases), an address that has an account
already (the answer does not tell), and how often account emails go to one address."""

import logging
import threading
from dataclasses import replace

from sqlalchemy import func, select

from booking.accounts.services import Registration, register
from booking.db import make_sessions
from booking.models import Organisation, OutboxMessage, Sector, User
from tests.factories import NOW, PASSWORD

DETAILS = Registration(
    name="Aoife Byrne",
    email="aoife@school.example",
    job_title="Teacher",
    organisation="Brand New Academy",
    sector=Sector.SCHOOL,
    password=PASSWORD,
)


def _at_once(engine, *registrations):
    """Register each in its own transaction, all let go at the same moment; any exception
    raised is returned."""
    writer = make_sessions(engine).writer
    start, errors = threading.Barrier(len(registrations)), []

    def one(details):
        try:
            with writer() as session:
                start.wait()
                register(session, details, now=NOW)
                session.commit()
        except Exception as error:  # noqa: BLE001 - the test reports whatever escapes
            errors.append(error)

    threads = [threading.Thread(target=one, args=(details,)) for details in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_twin_registrations_of_one_address_make_one_account_and_no_error(engine, caplog):
    caplog.set_level(logging.DEBUG)
    assert _at_once(engine, DETAILS, DETAILS) == []
    with make_sessions(engine).reader() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
        kinds = sorted(session.scalars(select(OutboxMessage.kind)))
    assert kinds == ["account_exists", "confirm_email"]
    assert "aoife@school.example" not in caplog.text


def test_two_people_naming_the_same_new_organisation_share_it(engine, caplog):
    caplog.set_level(logging.DEBUG)
    other = replace(DETAILS, email="brian@school.example", organisation="brand  new ACADEMY")
    assert _at_once(engine, DETAILS, other) == []
    with make_sessions(engine).reader() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 2
        (organisation,) = session.scalars(select(Organisation)).all()
    assert organisation.name in {"Brand New Academy", "brand new ACADEMY"}
    assert "school.example" not in caplog.text


def test_registering_an_address_that_has_an_account_emails_its_holder(session, make):
    holder = make.user(email="aoife@school.example", name="Aoife Byrne")
    register(session, replace(DETAILS, name="Someone Else"), now=NOW)
    (message,) = session.scalars(select(OutboxMessage)).all()
    assert (message.kind, message.user_id) == ("account_exists", holder.id)
    assert session.scalar(select(func.count()).select_from(User)) == 1


def test_send_me_a_new_link_is_limited_as_password_reset_is(client, given, db):
    person = given.user(confirmed=False)
    db.commit()
    client.sign_in(person.email)
    for _ in range(5):
        client.post("/confirm-email/resend", {"csrf_token": client.csrf("/account")})
    db.expire_all()
    kinds = db.scalars(select(OutboxMessage.kind).where(OutboxMessage.user_id == person.id))
    assert list(kinds) == ["confirm_email"]


def test_a_signed_in_person_confirming_returns_to_the_event_they_were_booking(
    app, client, given, db
):
    from booking.accounts import tokens

    person, event = given.user(confirmed=False), given.event()
    db.commit()
    client.sign_in(person.email)
    token = tokens.confirmation_token("test-secret", person, f"/events/{event.id}")
    assert client.get(f"/confirm-email/{token}").location == f"/events/{event.id}"
    outside = tokens.confirmation_token("test-secret", person, "https://evil.example/")
    assert client.get(f"/confirm-email/{outside}").location == "/events"


def test_a_reset_link_posted_twice_at_once_works_once(engine):
    from booking.accounts import tokens
    from booking.core.errors import InvalidLink
    from tests.factories import Factory

    writer = make_sessions(engine).writer
    with writer() as session:
        person = Factory(session).user()
        session.commit()
        token = tokens.reset_token("test-secret", person)
    start, outcomes = threading.Barrier(2), []

    def reset(password):
        with writer() as session:
            start.wait()
            try:
                tokens.reset_password(
                    session, secret="test-secret", token=token, password=password, now=NOW
                )
                session.commit()
                outcomes.append("reset")
            except InvalidLink:
                outcomes.append("refused")

    threads = [threading.Thread(target=reset, args=(f"new password {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "reset"]


def test_bidirectional_overrides_leave_a_name_typed_at_registration(client, db):
    client.post(
        "/register",
        {
            "name": "Ali \u202egnp.exe\u202c Khan\u2066",
            "email": "ali@school.example",
            "job_title": "Teacher\u200f",
            "organisation": "\u202bHill School",
            "sector": "school",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    )
    db.expire_all()
    user = db.scalars(select(User)).one()
    assert (user.name, user.job_title, user.organisation.name) == (
        "Ali gnp.exe Khan",
        "Teacher",
        "Hill School",
    )
