"""Review findings on the workshops page: a save changes only the slots the delegate changed,
and a stale or forged choice is told in GOV.UK's words."""

import re
from datetime import timedelta

from sqlalchemy import select

from booking.models import Booking, BookingStatus, EventKind


def _conference_with_two_slots(given):
    conference = given.event(kind=EventKind.CONFERENCE, hours=8, title="Conference")
    return conference, [
        given.event(
            parent=conference,
            starts_at=conference.starts_at + timedelta(hours=hours),
            hours=1.5,
            title=title,
        )
        for hours, title in ((1, "Morning"), (4, "Afternoon"))
    ]


def _book(client, given, db, conference):
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    return person, client.post(f"/events/{conference.id}/book").location


def _statuses(db, person) -> dict[str, BookingStatus]:
    db.rollback()
    bookings = db.scalars(select(Booking).where(Booking.person_id == person.id))
    return {b.event.title: b.status for b in bookings if b.event.is_workshop}


def test_a_workshop_bridging_two_slots_does_not_cancel_a_held_workshop(client, given, db):
    conference, (morning, afternoon) = _conference_with_two_slots(given)
    person, url = _book(client, given, db, conference)
    assert client.post(url, {"slot-1": morning.id, "slot-2": afternoon.id}).status_code == 302
    starts_at = conference.starts_at + timedelta(hours=2)
    given.event(parent=conference, starts_at=starts_at, hours=3, title="Drop-in")
    db.commit()
    page = client.get(url).get_data(as_text=True)
    assert page.count('<fieldset class="govuk-fieldset"') == 1  # the day is one slot now

    saved = client.post(url, {"slot-1": morning.id})  # as the page sends it back, unchanged

    assert saved.status_code == 302
    assert _statuses(db, person) == {
        "Morning": BookingStatus.CONFIRMED,
        "Afternoon": BookingStatus.CONFIRMED,
    }
    assert "Nothing had changed." in client.get(url).get_data(as_text=True)


def test_a_choice_not_offered_is_told_in_govuk_words(client, given, db):
    conference, (morning, _afternoon) = _conference_with_two_slots(given)
    _person, url = _book(client, given, db, conference)

    page = client.post(url, {"slot-1": "999", "slot-2": "none"}).get_data(as_text=True)

    assert "Not a valid choice" not in page
    assert "govuk-error-summary" in page
    assert "The workshops have changed. Choose again." in page
    missing = client.post(url, {"slot-2": "none"}).get_data(as_text=True)
    assert "Select a workshop or No workshop" in missing


def test_a_conference_delegate_is_asked_about_needs_where_they_choose(client, given, db):
    conference, _workshops = _conference_with_two_slots(given)
    _person, url = _book(client, given, db, conference)
    booking_id = int(re.search(r"/bookings/(\d+)/", url).group(1))

    page = client.get(url).get_data(as_text=True)

    assert f'href="/bookings/{booking_id}/needs"' in page
    assert "Tell the trainers about access or dietary needs (optional)" in page
