"""Delivery over a real SMTP server: content, invitations, QR tickets, and every fault."""

import io
from datetime import timedelta
from email.message import EmailMessage

import zxingcpp
from icalendar import Calendar
from PIL import Image
from sqlalchemy import select

from booking.bookings.event_changes import update_event
from booking.bookings.services import cancel_booking
from booking.core.clock import utcnow
from booking.events.editing import EventFields
from booking.models import BookingStatus, MessageStatus, OutboxMessage
from tests.factories import book
from tests.outbox.conftest import Clock, SmtpServer, free_port, smtp_worker


def _writer(app):
    return app.extensions["sessions"].writer()


def _invitation(email: EmailMessage) -> Calendar:
    (part,) = [p for p in email.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def _qr_text(email: EmailMessage) -> str:
    """The text of the QR code the email's HTML shows (the inline image its <img> names)."""
    (part,) = [p for p in email.walk() if p.get_content_type() == "image/png"]
    html = email.get_body(preferencelist=("html",)).get_content()
    assert f'src="cid:{part["Content-ID"].strip("<>")}"' in html
    (result,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(part.get_content())))
    return result.text


def test_a_confirmation_carries_an_invitation_and_a_qr_ticket(app, given, db, smtp):
    event = given.event(title="E-safety training day", venue="Abingdon Guildhall")
    person = given.user(name="Siobhán Ní Bhriain")
    db.commit()
    with _writer(app) as session:
        booking = book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
        token, booking_id = booking.ticket_token, booking.id
    report = smtp_worker(app, smtp.port).deliver_all_due()
    assert report.sent == 1
    (email,) = smtp.relay.received
    assert email["Subject"] == "Booking confirmed: E-safety training day"
    assert email["To"].addresses[0].display_name == "Siobhán Ní Bhriain"
    assert "Abingdon Guildhall" in email.get_body(("plain",)).get_content()
    assert "Abingdon Guildhall" in email.get_body(("html",)).get_content()
    calendar = _invitation(email)
    (vevent,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(vevent["UID"]).startswith(f"booking-{booking_id}-")
    assert str(vevent["ATTENDEE"]) == f"mailto:{person.email}"
    assert vevent["ATTENDEE"].params["CN"] == "Siobhán Ní Bhriain"  # the part says it is UTF-8
    assert calendar.walk("VTIMEZONE")
    assert _qr_text(email) == f"https://training.example.org/t/{token}"


def test_a_change_resends_the_invitation_with_a_higher_sequence(app, given, db, smtp):
    event = given.event(venue="Abingdon Guildhall")
    person = given.user()
    db.commit()
    with _writer(app) as session:
        book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
    worker = smtp_worker(app, smtp.port)
    worker.deliver_all_due()
    with _writer(app) as session:
        details = EventFields(
            kind=event.kind,
            title=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            capacity=event.capacity,
            venue="Langdale Hall, Witney",
        )
        update_event(session, event.id, details, actor_id=None, now=utcnow())
        session.commit()
    worker.deliver_all_due()
    confirmation, change = smtp.relay.received
    first, second = (_invitation(m).walk("VEVENT")[0] for m in (confirmation, change))
    assert first["UID"] == second["UID"]
    assert second.decoded("SEQUENCE") > first.decoded("SEQUENCE")
    assert str(second["LOCATION"]) == "Langdale Hall, Witney"
    assert "It was: Abingdon Guildhall" in change.get_body(("plain",)).get_content()


def test_a_cancellation_carries_method_cancel_and_promotion_an_invitation(app, given, db, smtp):
    event = given.event(capacity=1)
    holder, waiter = given.user(), given.user()
    db.commit()
    worker = smtp_worker(app, smtp.port)
    with _writer(app) as session:
        held = book(session, event_id=event.id, person_id=holder.id, now=utcnow())
        book(session, event_id=event.id, person_id=waiter.id, now=utcnow())
        session.commit()
        worker.deliver_all_due()
        cancel_booking(session, booking_id=held.id, person_id=holder.id, now=utcnow())
        session.commit()
    worker.deliver_all_due()
    subjects = {m["Subject"].split(":")[0]: m for m in smtp.relay.received}
    assert set(subjects) == {
        "Booking confirmed",
        "You are on the waiting list",
        "Booking cancelled",
        "You have a place",
    }
    assert str(_invitation(subjects["Booking cancelled"])["METHOD"]) == "CANCEL"
    assert str(_invitation(subjects["You have a place"])["METHOD"]) == "REQUEST"
    assert subjects["You have a place"]["To"].addresses[0].addr_spec == waiter.email
    body = subjects["You have a place"].get_body(("plain",)).get_content()
    assert "A place became free, so you now have one." in body  # also true of more capacity


def test_a_rolled_back_change_leaves_no_email(app, given, db):
    event, person = given.event(), given.user()
    db.commit()
    with _writer(app) as session:
        book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.rollback()
        assert session.scalars(select(OutboxMessage)).all() == []


def test_a_refused_recipient_fails_with_the_servers_answer_and_the_rest_go_on(app, given, db, smtp):
    refused, accepted = given.user(email="gone@school.example"), given.user()
    event = given.event()
    db.commit()
    smtp.relay.refuse.add("gone@school.example")
    with _writer(app) as session:
        for person in (refused, accepted):
            book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
    report = smtp_worker(app, smtp.port).deliver_all_due()
    assert (report.sent, report.failed) == (1, 1)
    db.expire_all()
    failed = db.scalars(
        select(OutboxMessage).where(OutboxMessage.status == MessageStatus.FAILED)
    ).one()
    assert failed.to_address == "gone@school.example"
    assert "550" in failed.last_error and "no such user" in failed.last_error


def test_messages_wait_while_the_relay_is_down_and_all_go_once_it_is_back(app, given, db):
    event = given.event(capacity=50)
    people = [given.user() for _ in range(5)]
    db.commit()
    with _writer(app) as session:
        for person in people:
            book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
    port, clock = free_port(), Clock()
    worker = smtp_worker(app, port, clock)
    report = worker.deliver_all_due()
    assert (report.sent, report.retrying) == (0, 5)
    db.expire_all()
    waiting = db.scalars(select(OutboxMessage)).all()
    assert {m.status for m in waiting} == {MessageStatus.PENDING}
    assert all("Could not reach the mail relay" in m.last_error for m in waiting)
    server = SmtpServer(port).start()
    try:
        assert worker.deliver_all_due().sent == 0  # not due yet: exponential backoff
        clock.advance(minutes=2)
        assert worker.deliver_all_due().sent == 5
        assert len(set(server.relay.message_ids())) == 5
    finally:
        server.stop()


def test_a_message_gives_up_after_the_configured_attempts(app, given, db, smtp):
    event, person = given.event(), given.user()
    db.commit()
    with _writer(app) as session:
        book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
    smtp.relay.busy = True
    clock = Clock()
    worker = smtp_worker(app, smtp.port, clock, max_attempts=3)
    for _ in range(3):
        worker.deliver_all_due()
        clock.advance(hours=7)
    db.expire_all()
    message = db.scalars(select(OutboxMessage)).one()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert "451" in message.last_error


def test_newlines_in_a_name_never_reach_the_headers(app, given, db, smtp):
    person = given.user(name="Mallory\r\nBcc: victim@example.org\r\nX-Evil: 1")
    event = given.event(title="Training\r\nBcc: other@example.org")
    db.commit()
    with _writer(app) as session:
        book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
    assert smtp_worker(app, smtp.port).deliver_all_due().sent == 1
    (email,) = smtp.relay.received
    assert email["Bcc"] is None and email["X-Evil"] is None
    assert smtp.relay.envelopes == [[person.email]]
    assert "\n" not in email["Subject"]


def test_the_status_of_a_waitlisted_booking_is_not_an_invitation(app, given, db, smtp):
    event = given.event(capacity=0)
    person = given.user()
    db.commit()
    with _writer(app) as session:
        booking = book(session, event_id=event.id, person_id=person.id, now=utcnow())
        assert booking.status == BookingStatus.WAITLISTED
        session.commit()
    smtp_worker(app, smtp.port).deliver_all_due()
    (email,) = smtp.relay.received
    assert not [p for p in email.walk() if p.get_content_type() == "text/calendar"]


def test_messages_that_no_longer_apply_are_skipped_with_the_reason(app, given, db, smtp):
    from booking.bookings.scheduling import schedule_reminders

    event = given.event(starts_at=utcnow() + timedelta(days=1))
    person = given.user()
    db.commit()
    with _writer(app) as session:
        booking = book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
        schedule_reminders(session, now=utcnow())
        cancel_booking(session, booking_id=booking.id, person_id=person.id, now=utcnow())
        session.commit()
    report = smtp_worker(app, smtp.port).deliver_all_due()
    assert (report.sent, report.skipped) == (1, 2)  # the cancellation goes; the rest do not
    (email,) = smtp.relay.received
    assert email["Subject"].startswith("Booking cancelled")
    db.expire_all()
    skipped = db.scalars(
        select(OutboxMessage).where(OutboxMessage.status == MessageStatus.SKIPPED)
    ).all()
    assert sorted(m.kind for m in skipped) == ["booking_confirmed", "reminder"]
    assert all("cancelled" in m.last_error for m in skipped)


def test_a_worker_whose_lease_ran_out_cannot_mark_the_message(app, given, db, smtp):
    from booking.outbox import queue as outbox

    event, person = given.event(), given.user()
    db.commit()
    with _writer(app) as session:
        book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
        (slow,) = outbox.claim_due(session, now=utcnow(), limit=10, worker="slow")
        session.commit()
        later = utcnow() + timedelta(minutes=10)
        (fast,) = outbox.claim_due(session, now=later, limit=10, worker="fast")
        session.commit()
        assert not outbox.renew_lease(session, slow.id, worker="slow", now=later)
        outbox.mark_sent(session, slow.id, worker="slow", now=later)
        session.commit()
        session.refresh(fast)
        assert (fast.status, fast.claimed_by) == (MessageStatus.SENDING, "fast")


def test_a_relay_outage_never_fails_a_message(app, given, db):
    event, person = given.event(), given.user()
    db.commit()
    with _writer(app) as session:
        book(session, event_id=event.id, person_id=person.id, now=utcnow())
        session.commit()
    clock = Clock()
    worker = smtp_worker(app, free_port(), clock, max_attempts=2)
    for _ in range(5):
        worker.deliver_all_due()
        clock.advance(hours=7)
    db.expire_all()
    message = db.scalars(select(OutboxMessage)).one()
    assert message.status == MessageStatus.PENDING and message.attempts == 5
