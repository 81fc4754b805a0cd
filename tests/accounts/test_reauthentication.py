"""Changing the email address and closing the account ask for the current password, checked
and throttled as signing in is, so a borrowed session cannot take the account over."""

from sqlalchemy import func, select

from booking.models import LoginAttempt, OutboxMessage, User
from tests.factories import PASSWORD
from tests.web_client import WebClient

DETAILS = {
    "name": "Jo Brown",
    "job_title": "Teacher",
    "organisation": "Ormesby Primary School",
    "sector": "school",
}


def _fresh(db) -> None:
    """See what the requests wrote."""
    db.rollback()
    db.expire_all()


def _signed_in(app, given, db):
    person = given.user(name="Jo Brown")
    db.commit()
    client = WebClient(app)
    client.sign_in(person.email)
    return client, person


def _change_email(client, password: str | None):
    form = DETAILS | {"email": "new@example.org"}
    return client.post("/account/details", form | ({"password": password} if password else {}))


def test_a_new_email_address_needs_the_current_password(app, given, db):
    client, person = _signed_in(app, given, db)
    page = _change_email(client, None).get_data(as_text=True)
    assert "govuk-error-summary" in page and "Enter your password to change your email" in page
    page = _change_email(client, "not my password").get_data(as_text=True)
    assert "govuk-error-summary" in page and "The password is not correct" in page
    _fresh(db)
    assert db.get(User, person.id).pending_email is None
    assert db.scalar(select(func.count()).select_from(LoginAttempt)) == 1  # counted

    assert _change_email(client, PASSWORD).status_code == 302
    _fresh(db)
    assert db.get(User, person.id).pending_email == "new@example.org"


def test_other_details_change_without_the_password(app, given, db):
    client, person = _signed_in(app, given, db)
    response = client.post("/account/details", DETAILS | {"email": person.email, "name": "Jo B"})
    assert response.status_code == 302
    _fresh(db)
    assert db.get(User, person.id).name == "Jo B"


def test_closing_the_account_needs_the_current_password(app, given, db):
    client, person = _signed_in(app, given, db)
    page = client.get("/account/close").get_data(as_text=True)
    assert 'autocomplete="current-password"' in page
    for password, message in ((None, "Enter your password"), ("wrong", "is not correct")):
        form = {"csrf_token": client.csrf("/account/close")}
        response = client.post(
            "/account/close", form | ({"password": password} if password else {})
        )
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "govuk-error-summary" in page and message in page
    _fresh(db)
    assert db.get(User, person.id).closed_at is None
    assert client.post("/account/close", {"password": PASSWORD}).status_code == 302
    _fresh(db)
    assert db.get(User, person.id).closed_at is not None


def test_the_password_asked_again_cannot_be_used_to_guess(app, given, db):
    client, person = _signed_in(app, given, db)
    for _ in range(5):
        _change_email(client, "a guess")
    page = _change_email(client, PASSWORD).get_data(as_text=True)
    assert "wrong too many times" in page
    page = client.post("/account/close", {"password": PASSWORD}).get_data(as_text=True)
    assert "wrong too many times" in page
    _fresh(db)
    user = db.get(User, person.id)
    assert (user.pending_email, user.closed_at) == (None, None)
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_strangers_wrong_guesses_do_not_stop_the_person_confirming_their_password(app, given, db):
    """Someone guessing at the sign-in page locks the account for browsers it never signed in
    from, not the person already signed in who wants to change their password or address."""
    client, person = _signed_in(app, given, db)
    stranger = WebClient(app)
    for _ in range(6):
        stranger.post("/sign-in", {"email": person.email, "password": "a guess"})
    assert "Too many failed attempts" in stranger.post(
        "/sign-in", {"email": person.email, "password": PASSWORD}
    ).get_data(as_text=True)

    assert _change_email(client, PASSWORD).status_code == 302
    _fresh(db)
    assert db.get(User, person.id).pending_email == "new@example.org"
