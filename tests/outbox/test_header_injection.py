"""Names and titles that try to add headers or a body of their own, sent through a real SMTP
conversation: the message that arrives has exactly its own headers, and its own body."""

from email.message import EmailMessage

import pytest
from sqlalchemy import select

from booking.core.clock import utcnow
from booking.models import MessageStatus, OutboxMessage
from booking.outbox.composing import BadHeaders, refuse_bad_headers
from booking.outbox.transports import DirectoryTransport
from booking.outbox.wiring import mail_settings
from booking.outbox.worker import Worker
from tests.factories import book
from tests.outbox.conftest import smtp_worker

ENCODED_BCC = "=?utf-8?q?x=0D=0ABcc:_attacker@evil.example?="
ENCODED_BODY = "=?utf-8?q?x=0D=0A=0D=0AYou_have_won_a_prize:_https://evil.example?="
HEADERS = {
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "Auto-Submitted",
    "Content-Type",
    "MIME-Version",
}


def _book_and_deliver(app, given, db, smtp, *, name: str, title: str) -> EmailMessage:
    person = given.user(name=name, email="victim@school.example")
    event = given.event(title=title)
    db.commit()
    with app.extensions["sessions"].writer() as session:
        book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
    assert smtp_worker(app, smtp.port).deliver_all_due().sent == 1
    (email,) = smtp.relay.received
    assert smtp.relay.envelopes == [["victim@school.example"]]
    return email


def test_an_encoded_line_break_in_a_name_adds_no_header(app, given, db, smtp):
    email = _book_and_deliver(
        app, given, db, smtp, name=f"Mallory {ENCODED_BCC}", title="E-safety training day"
    )
    assert set(email.keys()) == HEADERS
    assert email["Bcc"] is None
    (address,) = email["To"].addresses
    assert address.addr_spec == "victim@school.example"
    assert "\n" not in address.display_name and "\r" not in address.display_name
    body = email.get_body(("plain",)).get_content()
    assert body.startswith("Dear Mallory") and "You have a place on E-safety training day." in body


def test_an_encoded_line_break_in_a_title_adds_no_header_and_no_body(app, given, db, smtp):
    email = _book_and_deliver(
        app, given, db, smtp, name="Siobhán Ní Bhriain", title=f"Training {ENCODED_BODY}"
    )
    assert set(email.keys()) == HEADERS
    assert "\n" not in email["Subject"] and "\r" not in email["Subject"]
    assert email["Subject"].startswith("Booking confirmed: Training")
    assert email.is_multipart()
    assert "You have won a prize" not in email.get_body(("plain",)).get_content().split("\n")[0]


def test_unicode_line_separators_and_controls_never_reach_a_header(app, given, db, smtp):
    name = "Mallory\u2028Bcc: a@evil.example\u2029X: 1\x85Y: 2\x1cZ: 3\u202eevil"
    email = _book_and_deliver(app, given, db, smtp, name=name, title="Day\u2028Bcc: b@evil.example")
    assert set(email.keys()) == HEADERS
    for header in ("To", "Subject"):
        assert not any(ch in str(email[header]) for ch in "\r\n\u2028\u2029\x85\x1c\u202e")


class _FailsFor(DirectoryTransport):
    """A transport with an unexpected fault for one recipient (as a library bug would give)."""

    def __init__(self, directory, address):
        super().__init__(directory)
        self.address = address

    def send(self, email: EmailMessage) -> None:
        if self.address in str(email["To"]):
            raise UnicodeEncodeError("ascii", "é", 0, 1, "unexpected")
        super().send(email)


def test_an_unexpected_fault_fails_that_message_alone(app, given, db, tmp_path):
    unlucky, others = given.user(email="unlucky@school.example"), [given.user(), given.user()]
    event = given.event()
    db.commit()
    with app.extensions["sessions"].writer() as session:
        for person in (unlucky, *others):
            book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
    worker = Worker(
        app.extensions["sessions"],
        _FailsFor(tmp_path / "mail", "unlucky@school.example"),
        mail_settings(app.config),
        utcnow,
    )
    report = worker.deliver_all_due()
    assert (report.sent, report.failed) == (2, 1)
    db.expire_all()
    failed = db.scalars(
        select(OutboxMessage).where(OutboxMessage.status == MessageStatus.FAILED)
    ).one()
    assert failed.to_address == "unlucky@school.example"
    assert "UnicodeEncodeError" in failed.last_error
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 2


def test_an_email_whose_written_headers_differ_from_those_set_is_refused():
    email = EmailMessage()
    email["Subject"] = f"Booking confirmed: {ENCODED_BCC}"  # set without header_text
    email["To"] = "victim@school.example"
    email.set_content("Hello")
    with pytest.raises(BadHeaders):
        refuse_bad_headers(email)
    del email["Subject"]
    email["Subject"] = "Booking confirmed: E-safety training day"
    refuse_bad_headers(email)
