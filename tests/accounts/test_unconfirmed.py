"""Accounts whose address is not confirmed: nobody can make us write their words to an
address they do not hold, and an unconfirmed registration does not keep the address for ever."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.accounts.models import Sector, User
from booking.accounts.services import (
    Registration,
    forget_unconfirmed_accounts,
    register,
    request_password_reset,
    send_confirmation,
)
from booking.accounts.tokens import CONFIRM_MAX_AGE
from booking.bookings.services import book_place
from booking.core.clock import utcnow
from booking.core.errors import EmailNotConfirmed
from booking.models import OutboxMessage
from tests.factories import NOW, PASSWORD
from tests.outbox.mailbox import deliver, text_of

PHISHING = "Your account is suspended: call 0900 000 000 and give your card number"
REGISTRATION = {
    "name": PHISHING,
    "email": "victim@school.example",
    "job_title": "Teacher",
    "organisation": "Banbury Academy",
    "sector": "school",
    "password": "long enough pass",
    "confirm_password": "long enough pass",
}


def test_emails_to_an_unconfirmed_address_carry_no_name(app, client, db, tmp_path):
    client.post("/register", REGISTRATION)
    client.post("/register", REGISTRATION)  # "you already have an account"
    request_password_reset(db, email=REGISTRATION["email"], now=utcnow())
    db.commit()
    emails = deliver(app, tmp_path)
    assert len(emails) == 3
    for email in emails:
        assert email["To"].addresses[0].display_name == ""
        assert PHISHING not in text_of(email)
        assert text_of(email).startswith("Hello,")


def test_a_new_address_is_not_greeted_by_name_either(app, client, given, db, tmp_path):
    person = given.user(name=PHISHING)
    db.commit()
    client.sign_in(person.email)
    form = {
        "csrf_token": client.csrf("/account/details"),
        "name": PHISHING,
        "email": "victim@school.example",
        "job_title": "Teacher",
        "organisation": "Banbury Academy",
        "sector": "school",
        "password": "correct horse battery",
    }
    client.post("/account/details", form)
    (email,) = [e for e in deliver(app, tmp_path) if "victim@" in str(e["To"])]
    assert PHISHING not in str(email["To"]) and PHISHING not in text_of(email)


def test_a_confirmed_person_is_still_greeted_by_name(app, given, db, tmp_path):
    person = given.user(name="Aoife Byrne")
    request_password_reset(db, email=person.email, now=utcnow())
    db.commit()
    (email,) = deliver(app, tmp_path)
    assert email["To"].addresses[0].display_name == "Aoife Byrne"
    assert text_of(email).startswith("Dear Aoife Byrne,")


DETAILS = Registration(
    name="Aoife Byrne",
    email="aoife@school.example",
    job_title="Teacher",
    organisation="Banbury Academy",
    sector=Sector.SCHOOL,
    password=PASSWORD,
)
EXPIRED = NOW + CONFIRM_MAX_AGE + timedelta(minutes=1)


def _kinds(session, user_id):
    return list(session.scalars(select(OutboxMessage.kind).where(OutboxMessage.user_id == user_id)))


def test_an_unconfirmed_account_goes_once_its_link_has_expired(session, make):
    waiting = register(session, DETAILS, now=NOW).id
    confirmed = make.user().id
    assert forget_unconfirmed_accounts(session, now=EXPIRED - timedelta(minutes=2)) == 0
    assert forget_unconfirmed_accounts(session, now=EXPIRED) == 1
    session.expire_all()
    assert session.get(User, waiting) is None
    assert session.get(User, confirmed) is not None
    assert _kinds(session, waiting) == []


def test_the_address_is_free_again_and_registering_sends_a_fresh_link(session):
    register(session, DETAILS, now=NOW)
    forget_unconfirmed_accounts(session, now=EXPIRED)
    again = register(session, replace(DETAILS, name="Aoife"), now=EXPIRED)
    assert again is not None
    assert _kinds(session, again.id) == ["confirm_email"]


def test_a_new_link_asked_for_keeps_the_account_until_it_expires(session):
    waiting = register(session, DETAILS, now=NOW)
    send_confirmation(session, waiting, now=NOW + timedelta(days=2))
    assert forget_unconfirmed_accounts(session, now=EXPIRED) == 0
    assert forget_unconfirmed_accounts(session, now=EXPIRED + timedelta(days=2)) == 1


def test_an_unconfirmed_account_cannot_book_so_has_nothing_to_keep(session, make):
    waiting, event = make.user(confirmed=False), make.event()
    with pytest.raises(EmailNotConfirmed):
        book_place(session, event_id=event.id, person_id=waiting.id, now=NOW)


def test_the_scheduled_round_forgets_expired_registrations(app, given, db):
    person = given.user(confirmed=False)
    person.created_at = utcnow() - CONFIRM_MAX_AGE - timedelta(minutes=1)
    waiting = person.id
    db.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "schedule"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert db.get(User, waiting) is None
