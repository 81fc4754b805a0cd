"""Registration, argon2id passwords and sign-in throttling."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.accounts.models import Role
from booking.accounts.services import Registration, create_account, register
from booking.accounts.signin import authenticate
from booking.core.errors import BadCredentials, EmailTaken, TooManyAttempts
from booking.models import LoginAttempt, Sector
from tests.factories import NOW, PASSWORD

DETAILS = Registration(
    name="Siobhán Ní Bhriain",
    email="Siobhan@School.example",
    job_title="DSL",
    organisation="  Abingdon   Primary School ",
    sector=Sector.SCHOOL,
    password="a long enough password",
)


def test_registration_stores_an_argon2id_hash_and_shares_organisations(session):
    user = register(session, DETAILS, now=NOW)
    assert user.password_hash.startswith("$argon2id$")
    assert user.email == "siobhan@school.example"
    other = register(
        session,
        Registration(
            **{
                **DETAILS.__dict__,
                "email": "b@school.example",
                "organisation": "abingdon primary school",
            }
        ),
        now=NOW,
    )
    assert other.organisation_id == user.organisation_id
    assert user.organisation.name == "Abingdon Primary School"


def test_an_address_can_hold_one_account(session):
    register(session, DETAILS, now=NOW)
    again = Registration(**{**DETAILS.__dict__, "email": "SIOBHAN@school.example"})
    assert register(session, again, now=NOW) is None
    with pytest.raises(EmailTaken):
        create_account(session, again, role=Role.PROFESSIONAL, now=NOW, confirmed=False)


def _sign_in(session, email, password, device=None, now=NOW, allow_demo=False):
    return authenticate(
        session,
        email=email,
        password=password,
        device=device,
        client="192.0.2.1",
        now=now,
        allow_demo=allow_demo,
        secret="test-secret",
    )


def test_signing_in_needs_the_right_password(session, make):
    user = make.user()
    assert _sign_in(session, user.email.upper(), PASSWORD).id == user.id
    with pytest.raises(BadCredentials):
        _sign_in(session, user.email, "wrong password")
    with pytest.raises(BadCredentials):
        _sign_in(session, "nobody@example.org", PASSWORD)


def test_five_failures_lock_the_account_for_fifteen_minutes(session, make):
    user = make.user()
    for _ in range(5):
        with pytest.raises(BadCredentials):
            _sign_in(session, user.email, "wrong")
    with pytest.raises(TooManyAttempts):
        _sign_in(session, user.email, PASSWORD)
    assert _sign_in(session, user.email, PASSWORD, now=NOW + timedelta(minutes=16)).id == user.id


def test_throttling_stores_no_email_or_address_in_clear(session, make):
    user = make.user()
    with pytest.raises(BadCredentials):
        _sign_in(session, user.email, "wrong")
    keys = session.scalars(select(LoginAttempt.key)).all()
    assert len(keys) == 2  # the account's and the network address's
    assert all(user.email not in key and "192.0.2.1" not in key for key in keys)


def test_demo_accounts_sign_in_only_in_demo_mode(session, make):
    demo = make.user(is_demo=True)
    with pytest.raises(BadCredentials):
        _sign_in(session, demo.email, PASSWORD)
    assert _sign_in(session, demo.email, PASSWORD, allow_demo=True).id == demo.id


def test_parallel_guesses_cannot_slip_under_the_limit(engine):
    import threading

    from booking.db import make_sessions
    from tests.factories import Factory

    writer = make_sessions(engine).writer
    with writer() as session:
        email = Factory(session).user().email
        session.commit()
    outcomes, start = [], threading.Barrier(12)

    def guess():
        with writer() as session:
            start.wait()
            try:
                _sign_in(session, email, "wrong guess")
            except (BadCredentials, TooManyAttempts) as error:
                outcomes.append(type(error))
            session.commit()

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(BadCredentials) == 5  # the rest were throttled, unchecked
