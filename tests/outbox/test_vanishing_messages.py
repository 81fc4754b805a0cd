"""A person closing their account while a worker is sending them an email: the worker carries
on, the eraser leaves the message in flight to it, and a message gone meanwhile is nothing to do."""

from sqlalchemy import delete

from booking.core.clock import utcnow
from booking.models import MessageStatus, OutboxMessage
from booking.outbox.queue import enqueue
from booking.outbox.transports import RelayDown, TemporaryFailure
from booking.outbox.wiring import mail_settings
from booking.outbox.worker import Worker
from booking.privacy.services import close_account
from tests.factories import Factory
from tests.outbox.conftest import Clock


class Interrupted:
    """A transport that, while a message is being sent, lets ``meanwhile`` happen in another
    transaction, then fails the way the relay would with ``error``."""

    def __init__(self, meanwhile, error: Exception):
        self.meanwhile, self.error = meanwhile, error

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send(self, _email) -> None:
        self.meanwhile()
        raise self.error


def _one_message(app, email: str = "jo@example.org") -> tuple[int, int]:
    with app.extensions["sessions"].writer() as session:
        person = Factory(session).user(email=email)
        message_id = enqueue(session, "confirm_email", person, now=utcnow())
        session.commit()
        return person.id, message_id


def _worker(app, transport, clock=utcnow) -> Worker:
    return Worker(app.extensions["sessions"], transport, mail_settings(app.config), clock)


def _in_another_transaction(app, change):
    def run():
        with app.extensions["sessions"].writer() as session:
            change(session)
            session.commit()

    return run


def test_closing_an_account_while_its_email_is_being_sent(app, db):
    person_id, message_id = _one_message(app)
    closing = _in_another_transaction(
        app,
        lambda session: close_account(
            session, person_id=person_id, now=utcnow(), secret="test-secret"
        ),
    )
    clock = Clock()
    report = _worker(app, Interrupted(closing, TemporaryFailure("busy")), clock).deliver_due()
    assert report.retrying == 1
    db.rollback()
    message = db.get(OutboxMessage, message_id)
    assert (message.status, message.to_address, message.to_name) == (MessageStatus.PENDING, "", "")

    clock.advance(hours=1)
    never = Interrupted(lambda: None, AssertionError("a closed account's email was sent"))
    assert _worker(app, never, clock).deliver_due().skipped == 1
    db.rollback()
    assert db.get(OutboxMessage, message_id).status == MessageStatus.SKIPPED


def test_a_message_gone_while_it_was_sent_is_nothing_to_do(app, db):
    for error in (TemporaryFailure("busy"), RelayDown("down")):
        _, message_id = _one_message(app, f"{type(error).__name__}@example.org")
        vanish = _in_another_transaction(
            app,
            lambda session, gone=message_id: session.execute(
                delete(OutboxMessage).where(OutboxMessage.id == gone)
            ),
        )
        report = _worker(app, Interrupted(vanish, error)).deliver_due()
        assert report.handled == 0, error
        db.rollback()
        assert db.get(OutboxMessage, message_id) is None
