"""Signing out ends the session: a cookie copied before sign-out no longer signs anyone in."""

import time
from datetime import timedelta

from tests.web_client import WebClient


def _session_cookie(client: WebClient) -> str:
    cookie = client.http.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_cookie_copied_before_sign_out_no_longer_signs_in(app, client, given, db):
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    copied = _session_cookie(client)
    assert client.get("/bookings").status_code == 200

    client.post("/sign-out", {"csrf_token": client.csrf("/bookings")})

    thief = WebClient(app)
    thief.http.set_cookie("session", copied)
    response = thief.get("/bookings")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_signing_in_again_after_signing_out_works(client, given, db):
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    client.post("/sign-out", {"csrf_token": client.csrf("/bookings")})
    client.sign_in(person.email)
    assert client.get("/bookings").status_code == 200


def test_the_session_cookie_ends_with_the_browser_and_lasts_hours_not_days(app, client, given, db):
    person = given.user()
    db.commit()
    response = client.sign_in(person.email)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires" not in cookie and "Max-Age" not in cookie
    assert app.permanent_session_lifetime <= timedelta(hours=8)


def test_a_session_cookie_older_than_its_lifetime_no_longer_signs_in(
    app, client, given, db, monkeypatch
):
    from itsdangerous import TimestampSigner

    person = given.user()
    db.commit()
    client.sign_in(person.email)
    assert client.get("/bookings").status_code == 200
    later = int(time.time() + app.permanent_session_lifetime.total_seconds() + 60)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _signer: later)
    response = client.get("/bookings")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_form_secret_planted_before_sign_in_does_not_carry_over(client, given, db):
    """Someone who set the victim's cookie before they signed in knows its CSRF secret: signing
    in starts a new session, so forms forged with it are refused."""
    person = given.user()
    event = given.event()
    db.commit()
    planted = client.csrf()
    client.sign_in(person.email)

    forged = client.post(f"/events/{event.id}/book", {"csrf_token": planted})

    assert forged.status_code == 400
    assert client.get("/bookings").get_data(as_text=True).count("Cancel") == 0
    genuine = client.post(f"/events/{event.id}/book", {"csrf_token": client.csrf("/bookings")})
    assert genuine.status_code == 302


def test_signing_out_clears_what_the_browser_stored_for_the_door(client, given, db):
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    response = client.post("/sign-out", {"csrf_token": client.csrf("/bookings")})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
