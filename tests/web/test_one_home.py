"""Facts once stated twice, which had drifted apart: each now has one home, and these show the
copies agree where a person meets them."""

import pytest
from icalendar import Calendar
from sqlalchemy import select

from booking import create_app
from booking.models import AuditEntry, Booking, OutboxMessage, Role, User
from tests.conftest import app_config
from tests.outbox.mailbox import deliver
from tests.web_client import WebClient


@pytest.fixture
def app_on_a_port(engine):
    """The app with the README's default BASE_URL, which has a port."""
    return create_app(app_config(ENGINE=engine, BASE_URL="http://127.0.0.1:5000"))


def test_the_downloaded_and_the_emailed_calendar_entry_are_one_entry(
    app_on_a_port, engine, tmp_path
):
    """Adding the booking from the ticket page and from the email must not give two entries,
    or a cancellation would remove only one."""
    app = app_on_a_port
    client = WebClient(app)
    with app.extensions["sessions"].writer() as session:
        from tests.factories import Factory

        make = Factory(session)
        event, person = make.event(), make.user()
        session.commit()
        event_id, email = event.id, person.email
    client.sign_in(email)
    assert client.post(f"/events/{event_id}/book").status_code == 302
    with app.extensions["sessions"].reader() as session:
        booking_id = session.scalars(select(Booking.id)).one()
    downloaded = Calendar.from_ical(client.get(f"/bookings/{booking_id}.ics").data)
    (confirmation,) = deliver(app, tmp_path)
    (invitation,) = [p for p in confirmation.walk() if p.get_filename() == "invite.ics"]
    emailed = Calendar.from_ical(invitation.get_content())
    (uid,) = {str(entry["UID"]) for entry in downloaded.walk("VEVENT")}
    assert {str(entry["UID"]) for entry in emailed.walk("VEVENT")} == {uid}
    assert uid.endswith("@127.0.0.1")


def test_an_account_made_on_the_command_line_is_sent_no_confirmation(app):
    """Organisers and trainers made by an administrator are confirmed already: telling them
    to confirm their address would be wrong, and its link would do nothing."""
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--role",
            "trainer",
            "--email",
            "Jo.Brown@Council.example",
            "--name",
            "Jo Brown",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.extensions["sessions"].reader() as session:
        user = session.scalars(select(User)).one()
        assert (user.email, user.role) == ("jo.brown@council.example", Role.TRAINER)
        assert user.email_confirmed_at is not None
        assert session.scalars(select(OutboxMessage)).all() == []
        (entry,) = session.scalars(select(AuditEntry)).all()
        assert (entry.action, entry.subject_id, entry.actor_id) == ("account.create", user.id, None)


def test_the_command_line_refuses_a_second_account_for_an_address(app, given, db):
    given.user(email="jo@council.example")
    db.commit()
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "jo@council.example", "--name", "Jo"]
        + ["--password", "a long enough password"]
    )
    assert result.exit_code != 0
    assert "already exists" in result.output
