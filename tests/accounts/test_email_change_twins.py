"""A new email address confirmed by two accounts at once, or registered while it is confirmed:
one wins, the other is told the address is taken, on both databases, and no log names it."""

import logging
import threading

from sqlalchemy import func, select

from booking.accounts import changes, tokens
from booking.accounts.services import Registration, register
from booking.core.errors import EmailTaken
from booking.db import make_sessions
from booking.models import Sector, User
from tests.factories import NOW, PASSWORD, Factory
from tests.locks import until_a_transaction_waits_on_a_lock

ADDRESS = "shared.new@school.example"


def _asking_for_the_address(engine, count: int) -> list[str]:
    """Tokens of ``count`` accounts, each waiting to change to ADDRESS."""
    with make_sessions(engine).writer() as session:
        people = [Factory(session).user(email=f"asker{n}@example.org") for n in range(count)]
        for person in people:
            person.pending_email = ADDRESS
        session.commit()
        return [tokens.new_email_token("test-secret", person) for person in people]


def _confirm(session, token):
    changes.confirm_new_email(session, secret="test-secret", token=token, now=NOW)


def _register(session, _token):
    details = Registration(
        name="Aoife Byrne",
        email=ADDRESS,
        job_title="Teacher",
        organisation="Ormesby Primary School",
        sector=Sector.SCHOOL,
        password=PASSWORD,
    )
    register(session, details, now=NOW)


def _one_waiting_on_the_other(engine, first, second) -> list[str]:
    """Run ``first`` (service, token) in a transaction left open until ``second``, in its own
    transaction on another thread, has checked the address and waits on the first's write
    (PostgreSQL: a lock on the unique index; SQLite: the writer's lock), then commit it. What
    each did: "done", "taken", or the exception that escaped."""
    sessions, outcomes = make_sessions(engine), []

    def run(call):
        service, token = call
        try:
            with sessions.writer() as session:
                service(session, token)
                session.commit()
                outcomes.append("done")
        except EmailTaken:
            outcomes.append("taken")
        except Exception as error:  # noqa: BLE001 - the test reports whatever escapes
            outcomes.append(repr(error))

    with sessions.writer() as session:
        first[0](session, first[1])
        session.flush()
        waiting = threading.Thread(target=run, args=(second,))
        waiting.start()
        until_a_transaction_waits_on_a_lock(engine)
        session.commit()
        outcomes.append("done")
    waiting.join()
    return sorted(outcomes)


def test_two_accounts_confirming_the_same_new_address_at_once(engine, caplog):
    caplog.set_level(logging.DEBUG)
    first, second = _asking_for_the_address(engine, 2)
    assert _one_waiting_on_the_other(engine, (_confirm, first), (_confirm, second)) == [
        "done",
        "taken",
    ]
    with make_sessions(engine).reader() as session:
        assert session.scalar(select(func.count()).where(User.email == ADDRESS)) == 1
    assert ADDRESS not in caplog.text


def test_a_registration_racing_a_confirmation_of_its_address(engine, caplog):
    caplog.set_level(logging.DEBUG)
    (token,) = _asking_for_the_address(engine, 1)
    outcomes = _one_waiting_on_the_other(engine, (_register, None), (_confirm, token))
    assert outcomes == ["done", "taken"]
    with make_sessions(engine).reader() as session:
        assert session.scalar(select(func.count()).where(User.email == ADDRESS)) == 1
    assert ADDRESS not in caplog.text
