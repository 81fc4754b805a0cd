"""Registering, signing in, booking, the waiting list, tickets and cancelling over HTTP."""

import re

import pytest
from icalendar import Calendar
from sqlalchemy import event as sql_event
from sqlalchemy import select

from booking.models import Booking, BookingStatus, EventStatus, User
from tests.factories import PASSWORD
from tests.outbox.mailbox import deliver, link_in
from tests.qr import decode_svg
from tests.web_client import WebClient

REGISTRATION = {
    "name": "Łukasz Żółć",
    "email": "lukasz@school.example",
    "job_title": "Teacher",
    "organisation": "Banbury Academy",
    "sector": "school",
    "password": "long enough pass",
    "confirm_password": "long enough pass",
}


def test_register_confirm_the_address_then_book_then_cancel(app, client, given, db, tmp_path):
    event = given.event(title="E-safety training day", capacity=5)
    db.commit()
    registered = client.post(f"/register?next=/events/{event.id}", REGISTRATION)
    assert registered.location == "/register/check-your-email"
    assert "Check your email" in client.get(registered.location).text
    (confirmation,) = deliver(app, tmp_path)
    assert confirmation["To"].addresses[0].addr_spec == "lukasz@school.example"
    confirmed = client.get(link_in(confirmation, "/confirm-email/"))
    assert confirmed.location == f"/sign-in?next=/events/{event.id}"
    signed_in = client.post(
        confirmed.location, {"email": REGISTRATION["email"], "password": REGISTRATION["password"]}
    )
    assert signed_in.location == f"/events/{event.id}"
    booked = client.post(f"/events/{event.id}/book", csrf=True)
    assert booked.status_code == 302 and "/ticket" in booked.location
    ticket = client.get(booked.location).get_data(as_text=True)
    assert '<svg role="img"' in ticket and "Łukasz Żółć" in ticket
    mine = client.get("/bookings").get_data(as_text=True)
    assert "E-safety training day" in mine and "Booked" in mine
    booking_id = int(re.search(r"/bookings/(\d+)/ticket", booked.location).group(1))
    confirm = client.get(f"/bookings/{booking_id}/cancel").get_data(as_text=True)
    assert "Are you sure you want to cancel?" in confirm
    assert "Your place will go to the next person on the waiting list, if anyone" in confirm
    assert client.post(f"/bookings/{booking_id}/cancel").status_code == 302
    db.rollback()
    db.expire_all()
    assert db.get(Booking, booking_id).status == BookingStatus.CANCELLED


def test_registration_errors_use_the_error_summary_and_keep_what_was_typed(client):
    response = client.post(
        "/register",
        {
            **REGISTRATION,
            "email": "not an email",
            "confirm_password": "different",
            "sector": "pirate",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter an email address in the correct format" in page
    assert "Passwords must match" in page
    assert 'value="Łukasz Żółć"' in page


def test_overlong_input_is_refused_with_a_message(client):
    page = client.post("/register", {**REGISTRATION, "name": "x" * 121}).get_data(as_text=True)
    assert "Full name must be 120 characters or fewer" in page


def test_registering_does_not_tell_whether_an_address_has_an_account(
    app, client, given, db, tmp_path
):
    given.user(email="lukasz@school.example")
    db.commit()
    taken = client.post("/register", REGISTRATION)
    new = client.post("/register", {**REGISTRATION, "email": "new@school.example"})
    assert taken.status_code == new.status_code == 302
    assert taken.location == new.location == "/register/check-your-email"
    emails = {email["To"].addresses[0].addr_spec: email for email in deliver(app, tmp_path)}
    assert emails["lukasz@school.example"]["Subject"] == "You already have an account"
    assert "/sign-in" in emails["lukasz@school.example"].get_body(("plain",)).get_content()
    assert emails["new@school.example"]["Subject"] == "Confirm your email address"


def test_an_unconfirmed_person_who_signs_in_is_asked_to_confirm_before_booking(client, given, db):
    event, person = given.event(), given.user(confirmed=False)
    db.commit()
    client.sign_in(person.email)
    refused = client.post(f"/events/{event.id}/book", follow_redirects=True)
    assert "Confirm your email address before booking" in refused.get_data(as_text=True)


def test_a_full_event_offers_the_waiting_list_and_shows_the_position(client, given, db):
    event = given.event(capacity=1)
    given.booking(event)
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    assert "Join the waiting list" in client.get(f"/events/{event.id}").get_data(as_text=True)
    client.post(f"/events/{event.id}/book")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "You are number 1 on the waiting list" in page


def test_a_booking_post_is_one_transaction_even_when_it_joins_the_waiting_list(
    client, given, db, engine
):
    # A second transaction after the commit would end in a rollback, and on PostgreSQL a
    # rollback also drops every statement the connection had prepared.
    event = given.event(capacity=1)
    given.booking(event)
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    token = client.csrf()
    transactions = []
    listeners = {
        name: (lambda *_args, name=name: transactions.append(name))
        for name in ("begin", "commit", "rollback")
    }
    for name, listener in listeners.items():
        sql_event.listen(engine, name, listener)
    try:
        response = client.post(f"/events/{event.id}/book", {"csrf_token": token})
    finally:
        for name, listener in listeners.items():
            sql_event.remove(engine, name, listener)
    assert transactions == ["begin", "commit"]
    page = client.get(response.location).get_data(as_text=True)
    assert "You are number 1 on the waiting list" in page


def test_booking_twice_explains_and_changes_nothing(client, given, db):
    event, person = given.event(), given.user()
    db.commit()
    client.sign_in(person.email)
    client.post(f"/events/{event.id}/book")
    again = client.post(f"/events/{event.id}/book", follow_redirects=True)
    assert "You have already booked this event." in again.get_data(as_text=True)
    db.rollback()
    db.expire_all()
    assert len(db.scalars(select(Booking)).all()) == 1


def test_booking_needs_signing_in(client, given, db):
    event = given.event()
    db.commit()
    response = client.post(f"/events/{event.id}/book")
    assert response.status_code == 302 and "/sign-in" in response.location


def test_posts_without_a_csrf_token_get_a_friendly_400_and_change_nothing(client, given, db):
    event, person = given.event(), given.user()
    db.commit()
    client.sign_in(person.email)
    response = client.post(f"/events/{event.id}/book", csrf=False)
    assert response.status_code == 400
    assert "Your form had expired" in response.get_data(as_text=True)
    db.rollback()
    db.expire_all()
    assert db.scalars(select(Booking)).all() == []


def test_a_wrong_password_is_answered_without_revealing_accounts(client, given, db):
    person = given.user()
    db.commit()
    wrong = client.post("/sign-in", {"email": person.email, "password": "nope"})
    unknown = client.post("/sign-in", {"email": "nobody@example.org", "password": "nope"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Enter a correct email address and password." in response.get_data(as_text=True)


def test_repeated_failures_are_throttled(client, given, db):
    person = given.user()
    db.commit()
    for _ in range(5):
        client.post("/sign-in", {"email": person.email, "password": "nope"})
    page = client.post("/sign-in", {"email": person.email, "password": PASSWORD})
    assert "Too many failed attempts" in page.get_data(as_text=True)


def test_the_ticket_link_shows_the_holder_their_ticket_and_others_not_yours(app, client, given, db):
    event, holder, other = given.event(), given.user(), given.user()
    booking = given.booking(event, holder)
    db.commit()
    url = f"/t/{booking.ticket_token}"
    anonymous = client.get(url)
    assert anonymous.status_code == 403
    assert "Sign in to see this ticket" in anonymous.get_data(as_text=True)
    client.sign_in(other.email)
    refused = client.get(url)
    assert refused.status_code == 403 and "This ticket is not yours" in refused.text
    holder_client = WebClient(app)
    holder_client.sign_in(holder.email)
    assert "Your ticket" in holder_client.get(url).get_data(as_text=True)
    assert holder_client.get("/t/unknown-token").status_code == 404
    assert holder_client.get(url[:-1]).status_code == 404


def test_leaving_the_waiting_list_asks_first_and_speaks_of_the_queue(client, given, db):
    event, person = given.event(capacity=0), given.user()
    booking = given.booking(event, person, status=BookingStatus.WAITLISTED)
    db.commit()
    client.sign_in(person.email)
    page = client.get(f"/bookings/{booking.id}/cancel").get_data(as_text=True)
    assert "Are you sure you want to leave the waiting list?" in page
    assert "You will lose your place in the queue." in page
    assert "Your place will go" not in page


def test_cancelling_explains_a_cancelled_event_and_refuses_a_cancelled_booking(client, given, db):
    event, person = given.event(title="Called off"), given.user()
    booking = given.booking(event, person)
    event.status = EventStatus.CANCELLED
    db.commit()
    client.sign_in(person.email)
    page = client.get(f"/bookings/{booking.id}/cancel").text
    assert "This event has been cancelled, so the place cannot be used." in page
    assert "waiting list" not in page
    assert client.post(f"/bookings/{booking.id}/cancel").location == "/bookings"
    again = client.get(f"/bookings/{booking.id}/cancel")
    assert again.location == "/bookings"
    assert "Your booking for Called off is already cancelled." in client.get("/bookings").text


def test_the_qr_code_encodes_only_the_ticket_link(client, given, db):
    event, person = given.event(), given.user(email="secret.person@example.org")
    booking = given.booking(event, person)
    db.commit()
    client.sign_in(person.email)
    page = client.get(f"/bookings/{booking.id}/ticket").get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    link = f"https://training.example.org/t/{booking.ticket_token}"
    assert decode_svg(svg) == link
    assert f'<a class="govuk-link" href="{link}">{link}</a>' in page


@pytest.mark.parametrize("state", ["waitlisted", "cancelled booking", "cancelled event"])
def test_a_booking_that_cannot_be_checked_in_is_not_a_ticket(client, given, db, state):
    event, person = given.event(title="E-safety training day"), given.user()
    status = BookingStatus.WAITLISTED if state == "waitlisted" else BookingStatus.CONFIRMED
    booking = given.booking(event, person, status=status)
    given.booking(event, status=BookingStatus.WAITLISTED)  # someone behind them
    if state == "cancelled booking":
        booking.status = BookingStatus.CANCELLED
    if state == "cancelled event":
        event.status = EventStatus.CANCELLED
    db.commit()
    client.sign_in(person.email)
    page = client.get(f"/bookings/{booking.id}/ticket").get_data(as_text=True)
    assert "<svg" not in page and "/t/" not in page
    assert "Ticket code" not in page and booking.ticket_token[:8].upper() not in page
    assert f"/bookings/{booking.id}.ics" not in page
    expected = {
        "waitlisted": [
            '<h1 class="govuk-heading-l">You are on the waiting list</h1>',
            "You are number 1 on the waiting list for E-safety training day.",
            "What happens next",
            f'href="/bookings/{booking.id}/cancel"',
            "Leave the waiting list",
        ],
        "cancelled booking": [
            '<h1 class="govuk-heading-l">Booking cancelled</h1>',
            "You do not have a place on E-safety training day: this booking was cancelled",
        ],
        "cancelled event": [
            '<h1 class="govuk-heading-l">Event cancelled</h1>',
            "E-safety training day has been cancelled, so there is no place to use.",
        ],
    }
    for text in expected[state]:
        assert text in page


def test_a_waiting_list_place_has_no_calendar_file(client, given, db):
    event, person = given.event(), given.user()
    waiting = given.booking(event, person, status=BookingStatus.WAITLISTED)
    db.commit()
    client.sign_in(person.email)
    assert client.get(f"/bookings/{waiting.id}.ics").status_code == 404
    mine = client.get("/bookings").get_data(as_text=True)
    assert "Waiting list: number 1" in mine and f"/bookings/{waiting.id}.ics" not in mine


def test_other_peoples_bookings_are_not_found(client, given, db):
    event, owner, other = given.event(), given.user(), given.user()
    booking = given.booking(event, owner)
    db.commit()
    client.sign_in(other.email)
    for url in (
        f"/bookings/{booking.id}/ticket",
        f"/bookings/{booking.id}.ics",
        f"/bookings/{booking.id}/cancel",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/bookings/{booking.id}/cancel").status_code == 404


def test_the_booking_calendar_links_the_ticket(client, given, db):
    event, person = given.event(title="Siobhán's session"), given.user()
    booking = given.booking(event, person)
    db.commit()
    client.sign_in(person.email)
    (vevent,) = Calendar.from_ical(client.get(f"/bookings/{booking.id}.ics").data).walk("VEVENT")
    assert booking.ticket_token in str(vevent["description"])
    assert str(vevent["summary"]) == "Siobhán's session"


def test_demo_accounts_cannot_sign_in_outside_demo_mode(client, given, db):
    demo = given.user(is_demo=True)
    db.commit()
    response = client.post("/sign-in", {"email": demo.email, "password": PASSWORD})
    assert response.status_code == 200
    db.rollback()
    db.expire_all()
    assert db.scalars(select(User)).all()


def test_the_catalogue_title_says_error_when_a_filter_is_wrong(client):
    page = client.get("/events?month=never").get_data(as_text=True)
    assert "<title>Error: Find training and events" in page


def test_a_next_link_with_a_line_break_is_ignored(client, given, db):
    person = given.user()
    db.commit()
    response = client.post(
        "/sign-in?next=/%0d%0aX-Evil:1", {"email": person.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.location == "/bookings"


def test_non_ascii_addresses_are_refused_with_a_message(client):
    page = client.post("/register", {**REGISTRATION, "email": "josé@example.org"}).text
    assert "Enter an email address in the correct format" in page


def test_my_bookings_runs_the_same_queries_for_one_or_ten_bookings(app, client, given, db):
    from sqlalchemy import event as sa_event

    person = given.user()
    db.commit()
    client.sign_in(person.email)

    def queries_with(n: int) -> int:
        for _ in range(n):
            given.booking(given.event(), person)
        db.commit()
        statements = []
        engine = app.extensions["engine"]
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        sa_event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/bookings").status_code == 200
        finally:
            sa_event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    assert queries_with(1) == queries_with(9)
