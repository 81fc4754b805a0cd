"""Access, dietary and other needs: asked after booking, seen only by trainers and organisers,
changeable until the event, deleted a set time after it."""

from datetime import timedelta

import pytest

from booking.bookings.needs import NEEDS_KEPT_FOR, Needs, forget_needs, update_needs
from booking.core.errors import NotBookable, NotFound
from booking.models import Booking
from tests.factories import NOW
from tests.outbox.mailbox import deliver, text_of

STEP_FREE = "Step-free access, please"


def test_needs_are_kept_until_the_retention_time_after_the_event(session, make):
    ended = make.event(starts_at=NOW - NEEDS_KEPT_FOR - timedelta(hours=8), hours=6)
    recent = make.event(starts_at=NOW - timedelta(days=1), hours=6)
    old, kept = make.booking(ended), make.booking(recent)
    for booking in (old, kept):
        booking.access_needs, booking.dietary_needs = STEP_FREE, "Vegan"
        booking.notes_for_trainer = "Leaving at 3pm"
    session.flush()
    assert forget_needs(session, now=NOW) == 1
    assert forget_needs(session, now=NOW) == 0  # nothing left to blank
    session.expire_all()
    assert (old.access_needs, old.dietary_needs, old.notes_for_trainer) == ("", "", "")
    assert kept.access_needs == STEP_FREE


def test_the_holder_changes_needs_until_the_event_starts(session, make):
    event = make.event()
    booking = make.booking(event)
    update_needs(
        session,
        booking_id=booking.id,
        person_id=booking.person_id,
        needs=Needs(access_needs=f"  {STEP_FREE} "),
        now=NOW,
    )
    assert booking.access_needs == STEP_FREE
    with pytest.raises(NotBookable, match="has started"):
        update_needs(
            session,
            booking_id=booking.id,
            person_id=booking.person_id,
            needs=Needs(),
            now=event.starts_at,
        )
    with pytest.raises(NotFound):
        update_needs(
            session, booking_id=booking.id, person_id=make.user().id, needs=Needs(), now=NOW
        )


def test_needs_are_asked_after_booking_and_never_emailed(app, client, given, db, tmp_path):
    event, person = given.event(title="E-safety training day"), given.user()
    db.commit()
    client.sign_in(person.email)
    booked = client.post(f"/events/{event.id}/book")
    ticket = client.get(booked.location).get_data(as_text=True)
    booking_id = int(booked.location.split("/")[2])
    needs_url = f"/bookings/{booking_id}/needs"
    assert f'href="{needs_url}"' in ticket
    assert "Tell the trainers about access or dietary needs (optional)" in ticket
    form = client.get(needs_url).get_data(as_text=True)
    assert "Only the trainers and organisers of E-safety training day can see" in form
    assert f"{NEEDS_KEPT_FOR.days} days after the event" in form
    assert "Access needs (optional)" in form and "Dietary needs (optional)" in form
    saved = client.post(needs_url, {"access_needs": STEP_FREE, "dietary_needs": "Vegan"})
    assert saved.location == f"/bookings/{booking_id}/ticket"
    db.expire_all()
    stored = db.get(Booking, booking_id)
    assert (stored.access_needs, stored.dietary_needs) == (STEP_FREE, "Vegan")
    assert STEP_FREE not in saved.location
    for email in deliver(app, tmp_path):
        assert STEP_FREE not in email.as_string() and STEP_FREE not in text_of(email)
    assert "Change what you told the trainers" in client.get(saved.location).text


def test_too_long_needs_are_refused_with_the_error_summary(client, given, db):
    booking = given.booking(given.event())
    db.commit()
    client.sign_in(booking.person.email)
    page = client.post(f"/bookings/{booking.id}/needs", {"access_needs": "x" * 2001}).text
    assert "There is a problem" in page
    assert "Access needs must be 2,000 characters or fewer" in page


def test_nobody_else_sees_or_changes_a_persons_needs(client, given, db):
    booking = given.booking(given.event())
    booking.access_needs = STEP_FREE
    stranger = given.user()
    db.commit()
    client.sign_in(stranger.email)
    assert client.get(f"/bookings/{booking.id}/needs").status_code == 404
    assert client.post(f"/bookings/{booking.id}/needs", {"access_needs": ""}).status_code == 404
