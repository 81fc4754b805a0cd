"""Sign-in throttling (OWASP's device cookies): guessing stays slow, but a stranger can lock
neither other people nor a person out of their own account with its right password."""

from datetime import timedelta

import pytest

from booking.accounts import tokens
from booking.accounts.signin import MAX_FAILURES, authenticate
from booking.core.errors import BadCredentials, TooManyAttempts
from tests.factories import NOW, PASSWORD
from tests.web_client import WebClient

SECRET = "test-secret"


def _sign_in(session, email, password, device=None, now=NOW):
    return authenticate(
        session,
        email=email,
        password=password,
        device=device,
        client="192.0.2.1",
        now=now,
        allow_demo=False,
        secret=SECRET,
    )


def _guess_wrong(session, email, times=MAX_FAILURES, device=None):
    for _ in range(times):
        with pytest.raises((BadCredentials, TooManyAttempts)):
            _sign_in(session, email, "a wrong guess", device=device)


def _trusted_device(session, user):
    """The device cookie a browser gets when the person signs in, read back as the next
    sign-in would read it."""
    _sign_in(session, user.email, PASSWORD)
    return tokens.device_from_token(SECRET, tokens.device_token(SECRET, user), NOW)


def test_failures_on_many_accounts_lock_nobody_else_out(session, make):
    strangers_targets = [make.user() for _ in range(5)]
    person = make.user()
    for target in strangers_targets:
        _guess_wrong(session, target.email, times=MAX_FAILURES - 1)
    _guess_wrong(session, "nobody@example.org", times=30)
    assert _sign_in(session, person.email, PASSWORD).id == person.id


def test_guesses_lock_an_account_for_browsers_it_has_not_signed_in_from(session, make):
    person = make.user()
    _guess_wrong(session, person.email)
    with pytest.raises(TooManyAttempts):
        _sign_in(session, person.email, PASSWORD)
    assert _sign_in(session, person.email, PASSWORD, now=NOW + timedelta(minutes=16)).id


def test_the_person_signs_in_from_their_own_browser_during_a_lockout(session, make):
    person = make.user()
    device = _trusted_device(session, person)
    _guess_wrong(session, person.email)
    assert _sign_in(session, person.email, PASSWORD, device=device).id == person.id


def test_a_device_cookie_of_another_account_does_not_help(session, make):
    person, other = make.user(), make.user()
    others_device = _trusted_device(session, other)
    _guess_wrong(session, person.email)
    with pytest.raises(TooManyAttempts):
        _sign_in(session, person.email, PASSWORD, device=others_device)


def test_guessing_from_a_trusted_browser_stays_slow(session, make):
    person = make.user()
    device = _trusted_device(session, person)
    _guess_wrong(session, person.email, device=device)
    with pytest.raises(TooManyAttempts):
        _sign_in(session, person.email, PASSWORD, device=device)
    assert _sign_in(session, person.email, PASSWORD).id == person.id  # others are not locked


def test_a_tampered_or_old_device_cookie_is_not_trusted(make):
    person = make.user()
    token = tokens.device_token(SECRET, person)
    assert tokens.device_from_token(SECRET, token + "x", NOW) is None
    assert tokens.device_from_token("another secret", token, NOW) is None
    later = NOW + tokens.DEVICE_MAX_AGE + timedelta(days=1)
    assert tokens.device_from_token(SECRET, token, later) is None


def test_a_password_reset_ends_a_lockout(session, make):
    person = make.user()
    _guess_wrong(session, person.email)
    token = tokens.reset_token(SECRET, person)
    tokens.reset_password(session, secret=SECRET, token=token, password="a new password!", now=NOW)
    assert _sign_in(session, person.email, "a new password!").id == person.id


def _post_sign_in(client, email, password):
    return client.post("/sign-in", {"email": email, "password": password})


def test_a_stranger_behind_the_same_address_locks_no_one_else_out(app, client, given, db):
    person = given.user()
    targets = [given.user() for _ in range(5)]
    db.commit()
    stranger = WebClient(app)
    for target in targets:
        for _ in range(MAX_FAILURES):
            _post_sign_in(stranger, target.email, "a wrong guess")
    assert _post_sign_in(client, person.email, PASSWORD).status_code == 302


def test_the_persons_own_browser_signs_in_while_strangers_are_locked_out(app, client, given, db):
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    device = client.http.get_cookie("booking_device", path="/sign-in")
    assert device is not None and device.http_only
    client.post("/sign-out", {"csrf_token": client.csrf("/bookings")})
    stranger = WebClient(app)
    for _ in range(MAX_FAILURES):
        _post_sign_in(stranger, person.email, "a wrong guess")

    refused = _post_sign_in(stranger, person.email, PASSWORD)
    assert refused.status_code == 200
    assert "Too many failed attempts" in refused.get_data(as_text=True)
    assert _post_sign_in(client, person.email, PASSWORD).status_code == 302


def _attempt_keys(session) -> list[str]:
    from sqlalchemy import select

    from booking.models import LoginAttempt

    session.expire_all()
    return list(session.scalars(select(LoginAttempt.key)))


def test_failed_sign_ins_are_keyed_with_the_apps_secret_not_a_plain_hash(session, make):
    import hashlib

    person = make.user()
    _guess_wrong(session, person.email, times=1)
    keys = set(_attempt_keys(session))  # the account's and the network address's
    plain = {
        hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
        for kind, value in (("account", person.email), ("client", "192.0.2.1"))
    }
    assert len(keys) == 2 and not keys & plain
    with pytest.raises(BadCredentials):
        authenticate(
            session,
            email=person.email,
            password="a wrong guess",
            device=None,
            client="192.0.2.1",
            now=NOW,
            allow_demo=False,
            secret="another app's secret",
        )
    assert len(set(_attempt_keys(session))) == 4  # the same addresses, other keys


def test_failures_older_than_the_throttle_window_are_not_kept(session, make):
    person, other = make.user(), make.user()
    _guess_wrong(session, person.email, times=2)
    with pytest.raises(BadCredentials):
        _sign_in(session, other.email, "a wrong guess", now=NOW + timedelta(minutes=16))
    assert len(_attempt_keys(session)) == 2  # only the latest (the account's, the network's)


def test_closing_the_account_forgets_its_failed_sign_ins(session, make):
    from booking.privacy.services import close_account

    person = make.user()
    _guess_wrong(session, person.email, times=2)
    network_and_account = set(_attempt_keys(session))
    close_account(session, person_id=person.id, now=NOW, secret=SECRET)
    left = set(_attempt_keys(session))
    assert len(left) == 1 and left < network_and_account  # the network's count stays


def test_a_password_reset_stops_trusting_the_browsers_signed_in_before(session, make):
    person = make.user()
    device = _trusted_device(session, person)
    token = tokens.reset_token(SECRET, person)
    tokens.reset_password(session, secret=SECRET, token=token, password="a new password!", now=NOW)
    _guess_wrong(session, person.email)
    with pytest.raises(TooManyAttempts):
        _sign_in(session, person.email, "a new password!", device=device)


def test_a_closed_account_leaves_no_browser_trusted(session, make):
    from booking.privacy.services import close_account

    person = make.user()
    device = _trusted_device(session, person)
    close_account(session, person_id=person.id, now=NOW, secret=SECRET)
    assert not device.trusted_for(person)
