"""Account emails through the app: confirming, resetting, reminders off, and the outbox page."""

import re

import pytest
from sqlalchemy import select

from booking.models import MessageStatus, OutboxMessage, Role, User
from tests.factories import PASSWORD
from tests.outbox.mailbox import deliver, link_in
from tests.web_client import WebClient


def test_a_reset_link_works_once_and_never_reveals_accounts(app, client, given, db, tmp_path):
    person = given.user()
    db.commit()
    for email in (person.email, "nobody@example.org"):
        page = client.post("/forgot-password", {"email": email}).get_data(as_text=True)
        assert "If that address has an account" in page
    (email,) = deliver(app, tmp_path)
    assert email["To"].addresses[0].addr_spec == person.email
    link = link_in(email, "/reset-password/")
    assert person.email not in link
    new = {"password": "a brand new password", "confirm_password": "a brand new password"}
    assert client.post(link, new).status_code == 302
    reused = client.post(link, new)
    assert reused.status_code == 400 and "already been used" in reused.get_data(as_text=True)
    fresh = WebClient(app)
    fresh.sign_in(person.email, "a brand new password")


def test_tampered_links_are_refused(client):
    for url in ("/confirm-email/abc", "/reset-password/abc.def.ghi", "/reminders/off/x"):
        response = client.get(url) if "reminders" not in url else client.post(url)
        assert response.status_code == 400


def test_unconfirmed_people_can_ask_for_a_new_link(app, client, given, db, tmp_path):
    person = given.user(confirmed=False)
    db.commit()
    client.sign_in(person.email)
    assert "Not yet" in client.get("/account").get_data(as_text=True)
    client.post("/confirm-email/resend")
    (email,) = deliver(app, tmp_path)
    client.get(link_in(email, "/confirm-email/"))
    db.expire_all()
    assert db.get(User, person.id).email_confirmed_at is not None


def test_reminders_can_be_switched_off_in_the_account_or_by_one_click(client, given, db):
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    client.post("/account", {"reminders": "off"})
    db.expire_all()
    assert db.get(User, person.id).reminders_enabled is False


def test_the_unsubscribe_header_turns_reminders_off_without_signing_in(app, given, db, tmp_path):
    from datetime import timedelta

    from booking.bookings.scheduling import schedule_reminders
    from booking.core.clock import utcnow

    person = given.user()
    event = given.event(starts_at=utcnow() + timedelta(days=1))
    given.booking(event, person)
    db.commit()
    writer = app.extensions["sessions"].writer
    with writer() as session:
        assert schedule_reminders(session, now=utcnow()) == 1
        session.commit()
    (email,) = deliver(app, tmp_path)
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.search(r"<https?://[^/]+([^>]+)>", email["List-Unsubscribe"]).group(1)
    stranger = app.test_client()
    assert "Turn off reminder emails" in stranger.get(url).get_data(as_text=True)
    assert stranger.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    db.expire_all()
    assert db.get(User, person.id).reminders_enabled is False


@pytest.fixture
def organiser_client(app, given, db):
    organiser = given.user(role=Role.ORGANISER)
    db.commit()
    client = WebClient(app)
    client.sign_in(organiser.email)
    return client


def test_organisers_see_failed_mail_and_can_retry(organiser_client, client, given, db):
    person = given.user()
    event = given.event()
    booking = given.booking(event, person)
    from booking.bookings import notifications
    from booking.core.clock import utcnow

    notifications.booked(db, booking, now=utcnow())
    message_id = db.scalars(select(OutboxMessage.id)).one()
    message = db.get(OutboxMessage, message_id)
    message.status, message.last_error = MessageStatus.FAILED, "550 no such user"
    db.commit()
    page = organiser_client.get("/admin/outbox").get_data(as_text=True)
    assert "550 no such user" in page
    assert organiser_client.post(f"/admin/outbox/{message.id}/retry").status_code == 302
    db.expire_all()
    assert db.get(OutboxMessage, message.id).status == MessageStatus.PENDING
    client.sign_in(person.email)
    assert client.get("/admin/outbox").status_code == 403


def test_the_demo_mailbox_exists_only_in_demo_mode(app, client):
    assert client.get("/dev/mail").status_code == 404
    app.config["DEMO"] = True
    assert "Demo mailbox" in client.get("/dev/mail").get_data(as_text=True)


def test_registering_queues_exactly_one_confirmation(client, db):
    client.post(
        "/register",
        {
            "name": "Aoife",
            "email": "aoife@example.org",
            "job_title": "Social worker",
            "organisation": "Children's Social Care",
            "sector": "social_care",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    )
    db.expire_all()
    (message,) = db.scalars(select(OutboxMessage)).all()
    assert message.kind == "confirm_email" and message.to_address == "aoife@example.org"
