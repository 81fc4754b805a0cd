"""A ceiling on failed sign-ins from one network address, for browsers the account being
tried has not signed in from: guessing across many accounts stays slow, while nobody's own
browser is locked out by what others do behind the same address."""

from datetime import timedelta

import pytest

from booking.accounts import tokens
from booking.accounts.signin import MAX_FAILURES, MAX_NETWORK_FAILURES, authenticate
from booking.core.errors import BadCredentials, TooManyAttempts
from tests.factories import NOW, PASSWORD
from tests.web_client import WebClient

SECRET = "test-secret"
SCHOOL = "198.51.100.7"
ELSEWHERE = "203.0.113.9"


def _sign_in(session, email, password, *, client=SCHOOL, device=None, now=NOW):
    return authenticate(
        session,
        email=email,
        password=password,
        device=device,
        client=client,
        now=now,
        allow_demo=False,
        secret=SECRET,
    )


def _guess_across_accounts(session, times=MAX_NETWORK_FAILURES):
    """Wrong guesses spread over many addresses, none of them reaching its own limit."""
    for n in range(times):
        with pytest.raises(BadCredentials):
            _sign_in(session, f"target{n // (MAX_FAILURES - 1)}@example.org", "a wrong guess")


def test_guessing_across_many_accounts_meets_a_ceiling(session, make):
    person = make.user()
    _guess_across_accounts(session)
    with pytest.raises(TooManyAttempts, match="Wait 15 minutes, or reset your password"):
        _sign_in(session, person.email, PASSWORD)


def test_the_ceiling_is_per_address_and_lifts_after_15_minutes(session, make):
    person = make.user()
    _guess_across_accounts(session)
    assert _sign_in(session, person.email, PASSWORD, client=ELSEWHERE).id == person.id
    later = NOW + timedelta(minutes=16)
    assert _sign_in(session, person.email, PASSWORD, now=later).id == person.id


def test_a_network_just_under_the_ceiling_still_signs_newcomers_in(session, make):
    person = make.user()
    _guess_across_accounts(session, times=MAX_NETWORK_FAILURES - 1)
    assert _sign_in(session, person.email, PASSWORD).id == person.id


def test_a_trusted_browser_on_the_same_address_still_signs_in(session, make):
    person = make.user()
    _sign_in(session, person.email, PASSWORD)
    device = tokens.device_from_token(SECRET, tokens.device_token(SECRET, person), NOW)
    _guess_across_accounts(session)
    assert _sign_in(session, person.email, PASSWORD, device=device).id == person.id


def _post_sign_in(client, email, password):
    return client.post(
        "/sign-in", {"email": email, "password": password}, environ_base={"REMOTE_ADDR": SCHOOL}
    )


def test_on_the_web_a_returning_browser_signs_in_behind_a_guessing_network(app, given, db):
    person, newcomer = given.user(), given.user()
    db.commit()
    browser = WebClient(app)
    assert _post_sign_in(browser, person.email, PASSWORD).status_code == 302
    browser.post("/sign-out", {"csrf_token": browser.csrf("/bookings")})
    stranger = WebClient(app)
    for n in range(MAX_NETWORK_FAILURES):
        _post_sign_in(stranger, f"target{n // (MAX_FAILURES - 1)}@example.org", "a wrong guess")

    refused = _post_sign_in(WebClient(app), newcomer.email, PASSWORD)
    assert refused.status_code == 200
    assert "Wait 15 minutes, or reset your password" in refused.get_data(as_text=True)
    assert _post_sign_in(browser, person.email, PASSWORD).status_code == 302


def test_resetting_the_password_trusts_the_browser_under_the_ceiling(app, given, db):
    person = given.user()
    db.commit()
    stranger = WebClient(app)
    for n in range(MAX_NETWORK_FAILURES):
        _post_sign_in(stranger, f"target{n // (MAX_FAILURES - 1)}@example.org", "a wrong guess")
    browser = WebClient(app)
    link = f"/reset-password/{tokens.reset_token(SECRET, person)}"
    new = "a new password!"
    form = {"csrf_token": browser.csrf(link), "password": new, "confirm_password": new}
    assert browser.post(link, form).status_code == 302
    browser.post("/sign-out", {"csrf_token": browser.csrf("/bookings")})
    assert _post_sign_in(browser, person.email, new).status_code == 302
