"""Accounts whose address is not confirmed: nobody can make us write their words to an
address they do not hold, and an unconfirmed registration does not keep the address for ever."""

from sqlalchemy import select

from booking.accounts.models import User
from booking.accounts.services import request_password_reset
from booking.core.clock import utcnow
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


def _user(db, email):
    db.expire_all()
    return db.scalars(select(User).where(User.email == email)).one_or_none()
