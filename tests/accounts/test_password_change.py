"""Changing your password while signed in: the current one asked again (throttled as signing
in is), the new one under the rules of registration, other sessions ended, this browser kept
signed in and trusted, the person told by email, the change audited without details."""

from sqlalchemy import select

from booking.accounts import tokens
from booking.accounts.passwords import verify_password
from booking.accounts.views import DEVICE_COOKIE
from booking.core.clock import utcnow
from booking.models import AuditEntry, OutboxMessage, User
from tests.factories import PASSWORD
from tests.outbox.mailbox import deliver, text_of
from tests.web_client import WebClient

NEW_PASSWORD = "a much better passphrase"


def _fresh(db) -> None:
    """See what the requests wrote."""
    db.rollback()
    db.expire_all()


def _signed_in(app, person) -> WebClient:
    client = WebClient(app)
    client.sign_in(person.email)
    return client


def _change(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    form = {"current_password": current, "password": new, "confirm_password": confirm or new}
    return client.post("/account/password", {k: v for k, v in form.items() if v is not None})


def test_the_account_page_offers_a_form_to_change_the_password(app, given, db):
    person = given.user()
    db.commit()
    client = _signed_in(app, person)
    assert 'href="/account/password"' in client.get("/account").get_data(as_text=True)
    page = client.get("/account/password").get_data(as_text=True)
    assert "<h1" in page and page.count("<h1") == 1 and "Change your password" in page
    assert page.count('autocomplete="current-password"') == 1
    assert page.count('autocomplete="new-password"') == 2


def test_the_current_password_is_needed_and_the_new_one_follows_the_registration_rules(
    app, given, db
):
    person = given.user()
    db.commit()
    client = _signed_in(app, person)
    refusals = [
        ({"current": ""}, "Enter your current password"),
        ({"current": "not my password"}, "The password is not correct"),
        ({"new": "short"}, "Password must be between 10 and 200 characters"),
        ({"confirm": "another long passphrase"}, "Passwords must match"),
    ]
    for changes, message in refusals:
        response = _change(client, **changes)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "<title>Error: Change your password" in page
        assert "govuk-error-summary" in page and message in page
    _fresh(db)
    user = db.get(User, person.id)
    assert db.scalar(select(OutboxMessage.id)) is None
    assert WebClient(app).sign_in(user.email, PASSWORD).status_code == 302


def test_this_browser_stays_signed_in_and_trusted_while_other_sessions_end(app, given, db):
    person = given.user()
    db.commit()
    client, elsewhere = _signed_in(app, person), _signed_in(app, person)
    old_device = client.http.get_cookie(DEVICE_COOKIE, path="/sign-in").value

    response = _change(client)

    assert response.status_code == 302 and response.location.endswith("/account")
    page = client.get("/account").get_data(as_text=True)
    assert "Your password has been changed" in page
    assert client.get("/bookings").status_code == 200
    signed_out = elsewhere.get("/bookings")
    assert signed_out.status_code == 302 and "/sign-in" in signed_out.location
    _fresh(db)
    user = db.get(User, person.id)
    device = client.http.get_cookie(DEVICE_COOKIE, path="/sign-in").value
    assert device != old_device
    trusted = tokens.device_from_token(app.config["SECRET_KEY"], device, utcnow())
    assert trusted is not None and trusted.trusted_for(user)
    refused = WebClient(app).post("/sign-in", {"email": user.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert WebClient(app).sign_in(user.email, NEW_PASSWORD).status_code == 302


def test_the_person_is_emailed_and_the_change_is_audited_without_details(app, given, db, tmp_path):
    person = given.user(name="Jo Brown")
    db.commit()
    _change(_signed_in(app, person))

    (notice,) = deliver(app, tmp_path)
    assert notice["To"].addresses[0].addr_spec == person.email
    assert notice["Subject"] == "Your password has changed"
    text = text_of(notice)
    assert "Dear Jo Brown" in text and "https://training.example.org/contact" in text
    assert NEW_PASSWORD not in text
    _fresh(db)
    (entry,) = db.scalars(
        select(AuditEntry).where(AuditEntry.action == "account.password_changed")
    ).all()
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (person.id, "user", person.id)
    assert not entry.details


def test_the_current_password_asked_cannot_be_used_to_guess(app, given, db):
    person = given.user()
    db.commit()
    client = _signed_in(app, person)
    for _ in range(5):
        _change(client, current="a guess")
    page = _change(client).get_data(as_text=True)
    assert "wrong too many times" in page
    _fresh(db)
    assert db.scalar(select(OutboxMessage.id)) is None
    assert verify_password(db.get(User, person.id).password_hash, PASSWORD)


def test_changing_the_password_needs_signing_in_and_csrf(app, client, given, db):
    person = given.user()
    db.commit()
    response = client.get("/account/password")
    assert response.status_code == 302 and "/sign-in" in response.location
    client.sign_in(person.email)
    form = {"current_password": PASSWORD, "password": NEW_PASSWORD}
    assert client.post("/account/password", form, csrf=False).status_code == 400
