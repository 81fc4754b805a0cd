"""Over HTTP: booking a conference leads to "Choose your workshops", saved in one step, with one
ticket, one email and one calendar entry for the delegate."""

import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from sqlalchemy import select

from booking.core.clock import utcnow
from booking.models import Booking, BookingStatus, EventKind
from tests.outbox.conftest import Clock
from tests.outbox.mailbox import deliver, text_of


def _conference(given):
    conference = given.event(kind=EventKind.CONFERENCE, hours=8, title="Digital Resilience")
    morning = conference.starts_at + timedelta(hours=1)
    afternoon = conference.starts_at + timedelta(hours=4)
    return conference, {
        "ceop": given.event(parent=conference, starts_at=morning, hours=1, title="CEOP"),
        "lego": given.event(parent=conference, starts_at=morning, hours=1, title="Lego"),
        "simfin": given.event(
            parent=conference, starts_at=afternoon, hours=1, title="SIMFIN", capacity=0
        ),
    }


def _book_conference(client, given, db, conference) -> tuple[str, int]:
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    booked = client.post(f"/events/{conference.id}/book")
    booking_id = int(re.fullmatch(r"/bookings/(\d+)/workshops", booked.location).group(1))
    return booked.location, booking_id


def _invitation(email) -> Calendar:
    (part,) = [p for p in email.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content()).walk("VEVENT")[0]


def test_booking_a_conference_leads_to_choosing_workshops_by_slot(client, given, db):
    conference, workshops = _conference(given)
    url, _booking_id = _book_conference(client, given, db, conference)
    page = client.get(url).get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Choose your workshops</h1>' in page
    assert "You have a place on Digital Resilience." in page
    assert page.count('<fieldset class="govuk-fieldset"') == 2
    assert "Slot 1: " in page and "Slot 2: " in page
    assert page.count('value="none"') == 2 and "No workshop" in page
    assert "Fully booked – join the waiting list." in page
    assert f'value="{workshops["ceop"].id}"' in page


def test_choices_are_saved_in_one_step_and_the_page_comes_back_where_it_was(client, given, db):
    conference, workshops = _conference(given)
    url, booking_id = _book_conference(client, given, db, conference)
    saved = client.post(url, {"slot-1": workshops["ceop"].id, "slot-2": workshops["simfin"].id})
    assert saved.status_code == 302 and saved.location == f"{url}#saved"
    page = client.get(url).get_data(as_text=True)
    banner = page.index('id="saved"')
    assert page.index("<form") < banner < page.index('<button type="submit" class="govuk-button"')
    assert "You are number 1 on the waiting list for SIMFIN." in page
    assert "You have a place." in page and "You are number 1 on the waiting list." in page
    assert re.search(rf'value="{workshops["ceop"].id}" checked', page)

    changed = client.post(url, {"slot-1": workshops["lego"].id, "slot-2": "none"})
    assert changed.status_code == 302
    db.expire_all()
    statuses = {
        b.event.title: b.status for b in db.scalars(select(Booking).where(Booking.id != booking_id))
    }
    assert statuses == {
        "CEOP": BookingStatus.CANCELLED,
        "Lego": BookingStatus.CONFIRMED,
        "SIMFIN": BookingStatus.CANCELLED,
    }
    ticket = client.get(f"/bookings/{booking_id}/ticket").get_data(as_text=True)
    assert ticket.count("<svg") == 1 and "Lego" in ticket and "CEOP" not in ticket


def test_a_choice_from_another_slot_is_refused_with_the_error_summary(client, given, db):
    conference, workshops = _conference(given)
    url, _booking_id = _book_conference(client, given, db, conference)
    page = client.post(url, {"slot-1": workshops["simfin"].id, "slot-2": "none"}).text
    assert "There is a problem" in page and "<title>Error: Choose your workshops" in page


def _later(app, tmp_path, clock, delivered: int) -> list:
    """The emails delivered once held-back ones are due, after the ``delivered`` before."""
    clock.advance(minutes=11)
    return deliver(app, tmp_path, clock)[delivered:]


def test_booking_and_choosing_at_once_gives_one_confirmation_listing_the_workshops(
    app, client, given, db, tmp_path
):
    conference, workshops = _conference(given)
    url, booking_id = _book_conference(client, given, db, conference)
    assert deliver(app, tmp_path) == []  # held back a while, for the workshops to come
    client.post(url, {"slot-1": workshops["ceop"].id, "slot-2": "none"})
    client.post(url, {"slot-1": workshops["lego"].id, "slot-2": "none"})
    assert "We will email you your ticket" in client.get(url).text
    (confirmation,) = _later(app, tmp_path, clock := Clock(), 0)
    assert confirmation["Subject"] == "Booking confirmed: Digital Resilience"
    assert "Your workshops:" in text_of(confirmation) and "Lego" in text_of(confirmation)
    assert "CEOP" not in text_of(confirmation)
    first = _invitation(confirmation)

    client.post(url, {"slot-1": workshops["ceop"].id, "slot-2": "none"})
    client.post(url, {"slot-1": workshops["ceop"].id, "slot-2": workshops["simfin"].id})
    (update,) = _later(app, tmp_path, clock, 1)
    assert update["Subject"] == "Your workshops: Digital Resilience"
    assert "Your workshops have changed" in text_of(update)
    assert "CEOP" in text_of(update) and "SIMFIN (waiting list)" in text_of(update)
    entry = _invitation(update)
    assert entry["UID"] == first["UID"]
    assert entry.decoded("SEQUENCE") > first.decoded("SEQUENCE")
    db.expire_all()
    assert entry.decoded("SEQUENCE") == conference.sequence + db.get(Booking, booking_id).sequence
    description = str(entry["DESCRIPTION"])
    assert "Your workshops:" in description and "CEOP" in description
    assert "Lego" not in description and description.count(str(entry["URL"])) == 1
    calendar = client.get(f"/bookings/{booking_id}.ics")
    assert "CEOP" in Calendar.from_ical(calendar.data).walk("VEVENT")[0]["DESCRIPTION"]


def test_the_first_choice_after_the_confirmation_is_not_a_change(app, client, given, db, tmp_path):
    conference, workshops = _conference(given)
    url, _booking_id = _book_conference(client, given, db, conference)
    (confirmation,) = _later(app, tmp_path, clock := Clock(), 0)
    assert "You have not chosen any workshops yet." in text_of(confirmation)
    client.post(url, {"slot-1": workshops["ceop"].id, "slot-2": "none"})
    (chosen,) = deliver(app, tmp_path, clock)[1:]
    assert chosen["Subject"] == "Your workshops: Digital Resilience"
    assert "have changed" not in text_of(chosen) and "CEOP" in text_of(chosen)
    assert _invitation(chosen).decoded("SEQUENCE") > _invitation(confirmation).decoded("SEQUENCE")


def test_workshop_bookings_have_no_ticket_or_calendar_of_their_own(client, given, db):
    conference, workshops = _conference(given)
    url, booking_id = _book_conference(client, given, db, conference)
    client.post(url, {"slot-1": workshops["ceop"].id, "slot-2": "none"})
    db.expire_all()
    workshop_booking = db.scalars(
        select(Booking).where(Booking.event_id == workshops["ceop"].id)
    ).one()
    assert client.get(f"/bookings/{workshop_booking.id}.ics").status_code == 404
    ticket = client.get(f"/bookings/{workshop_booking.id}/ticket")
    assert ticket.location == f"/bookings/{booking_id}/ticket"
    mine = client.get("/bookings").get_data(as_text=True)
    assert mine.count("Add to calendar") == 1 and "CEOP" in mine


def test_nobody_else_can_open_or_save_a_delegates_choices(client, given, db):
    conference, workshops = _conference(given)
    url, _booking_id = _book_conference(client, given, db, conference)
    stranger = given.user()
    db.commit()
    client.sign_in(stranger.email)
    assert client.get(url).status_code == 404
    posted = client.post(url, {"slot-1": workshops["ceop"].id, "slot-2": "none"})
    assert posted.status_code == 404


def test_the_conference_page_sends_delegates_to_choose_and_offers_no_workshop_buttons(
    client, given, db
):
    conference, _workshops = _conference(given)
    _url, booking_id = _book_conference(client, given, db, conference)
    page = client.get(f"/events/{conference.id}").get_data(as_text=True)
    assert f'href="/bookings/{booking_id}/workshops"' in page
    assert "Choose this workshop" not in page


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
anything = st.text(max_size=300) | st.sampled_from(["", "none", "0", "-1", "1e9", "\x00", "😀"])


@pytest.fixture
def delegate(client, given, db):
    conference, workshops = _conference(given)
    url, booking_id = _book_conference(client, given, db, conference)
    return client, client.csrf(url), url, f"/bookings/{booking_id}/needs", workshops


@FUZZ
@given(data=st.data())
def test_the_delegates_forms_answer_any_input_without_a_server_error(delegate, data):
    client, token, workshops_url, needs_url, workshops = delegate
    ids = st.sampled_from([str(w.id) for w in workshops.values()])
    value = anything | ids | st.lists(anything | ids, max_size=3)
    fields = ["slot-1", "slot-2", "slot-3", "access_needs", "dietary_needs", "notes_for_trainer"]
    form = {name: data.draw(value) for name in data.draw(st.lists(st.sampled_from(fields)))}
    form["csrf_token"] = token
    for url in (workshops_url, needs_url):
        response = client.http.post(url, data=form)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]


def test_a_workshops_own_page_leads_to_its_conference_instead_of_a_book_button(client, given, db):
    conference, workshops = _conference(given)
    person = given.user()
    db.commit()
    client.sign_in(person.email)
    page = client.get(f"/events/{workshops['ceop'].id}").get_data(as_text=True)
    assert f"/events/{workshops['ceop'].id}/book" not in page
    assert f'href="/events/{conference.id}">book the conference</a>' in page


def test_a_workshops_change_or_cancellation_updates_the_delegates_one_entry(
    app, client, given, db, tmp_path
):
    from booking.bookings.event_changes import cancel_event, update_event
    from booking.events.editing import EventFields

    conference, workshops = _conference(given)
    url, _booking_id = _book_conference(client, given, db, conference)
    client.post(url, {"slot-1": workshops["ceop"].id, "slot-2": workshops["simfin"].id})
    deliver(app, tmp_path)
    ceop = workshops["ceop"]
    later = ceop.starts_at + timedelta(minutes=30)
    with app.extensions["sessions"].writer() as session:
        moved = EventFields(
            kind=ceop.kind,
            title=ceop.title,
            starts_at=later,
            ends_at=later + timedelta(hours=1),
            capacity=ceop.capacity,
        )
        update_event(session, ceop.id, moved, actor_id=None, now=utcnow())
        session.commit()
        (moved_email,) = deliver(app, tmp_path)[-1:]
        cancel_event(session, workshops["simfin"].id, actor_id=None, now=utcnow())
        session.commit()
    cancelled_email = deliver(app, tmp_path)[-1]
    emails = [moved_email, cancelled_email]
    assert [e["Subject"] for e in emails] == ["Your workshops: Digital Resilience"] * 2
    assert "The time of CEOP has changed." in text_of(moved_email)
    assert "It was: " in text_of(moved_email)
    assert "We are sorry: SIMFIN at Digital Resilience has been cancelled." in text_of(
        cancelled_email
    )
    first, second = (_invitation(e) for e in emails)
    assert first["UID"] == second["UID"]
    assert second.decoded("SEQUENCE") > first.decoded("SEQUENCE")
    assert "SIMFIN" not in str(second["DESCRIPTION"]) and "CEOP" in str(second["DESCRIPTION"])


def test_choosing_a_full_workshop_says_it_gives_up_the_place_held_in_its_slot(client, given, db):
    conference, workshops = _conference(given)
    morning = workshops["ceop"].starts_at
    full = given.event(parent=conference, starts_at=morning, hours=1, title="Sexting", capacity=1)
    given.booking(full)  # its one place
    given.booking(full, status=BookingStatus.WAITLISTED)  # and one waiting
    url, _booking_id = _book_conference(client, given, db, conference)
    client.post(url, {"slot-1": workshops["ceop"].id, "slot-2": "none"})
    page = client.get(url).text
    gives_up = (
        "Fully booked – choosing it puts you on its waiting list and gives up your place on CEOP."
    )
    assert page.count(gives_up) == 1
    assert page.index("Sexting") < page.index(gives_up) < page.index("No workshop")
    assert page.count("Fully booked – join the waiting list.") == 1  # SIMFIN: nothing held

    client.post(url, {"slot-1": full.id, "slot-2": "none"})

    saved = client.get(url).text.split('id="saved"', 1)[1].split("</div>", 3)
    said = " ".join(saved[:3])
    assert "You are number 2 on the waiting list for Sexting." in said
    assert "You no longer have a place on CEOP." in said
