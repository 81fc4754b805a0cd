"""The needs people gave, for the event's trainers and organisers only: every viewing audited,
never cached; cancelling a booking deletes them."""

import re
from datetime import timedelta

from sqlalchemy import select

from booking.bookings.services import cancel_booking
from booking.models import AuditEntry, EventKind, Role
from tests.factories import NOW


def _booked_with_needs(given, event, name, access="", dietary="", notes=""):
    booking = given.booking(event, given.user(name=name))
    booking.access_needs, booking.dietary_needs, booking.notes_for_trainer = access, dietary, notes
    return booking


def test_an_organiser_sees_who_gave_needs_and_the_viewing_is_audited(client, given, db):
    event = given.event(title="E-safety day")
    _booked_with_needs(given, event, "Asha Patel", access="Step-free access", notes="Leaves at 3")
    _booked_with_needs(given, event, "Ben Cole")  # gave none
    gone = _booked_with_needs(given, event, "Cal Dunn", dietary="Vegan")
    gone.status = "cancelled"
    organiser = given.user(role=Role.ORGANISER)
    db.commit()
    client.sign_in(organiser.email)

    response = client.get(f"/manage/events/{event.id}/needs")

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert page.count("<h1") == 1 and "E-safety day" in page
    assert "Asha Patel" in page and "Ormesby Primary School" in page
    assert "Step-free access" in page and "Leaves at 3" in page
    assert "Ben Cole" not in page and "Cal Dunn" not in page and "Vegan" not in page
    db.rollback()
    (entry,) = db.scalars(select(AuditEntry).where(AuditEntry.action == "needs.view"))
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (
        organiser.id,
        "event",
        event.id,
    )
    assert "Step-free" not in str(entry.details)


def test_only_the_events_trainers_and_organisers_see_needs(client, given, db):
    event = given.event()
    _booked_with_needs(given, event, "Asha Patel", access="Step-free access")
    trainer, other_trainer = given.user(role=Role.TRAINER), given.user(role=Role.TRAINER)
    professional = given.user()
    event.trainers.append(trainer)
    db.commit()
    url = f"/manage/events/{event.id}/needs"
    for person, status in ((other_trainer, 403), (professional, 403), (trainer, 200)):
        client.sign_in(person.email)
        assert client.get(url).status_code == status, person.role
    assert client.get("/manage/events/999/needs").status_code == 404


def test_a_workshops_trainers_and_the_conferences_see_its_delegates_needs(client, given, db):
    conference = given.event(kind=EventKind.CONFERENCE, hours=8)
    starts_at = conference.starts_at + timedelta(hours=1)
    workshop = given.event(parent=conference, starts_at=starts_at, hours=1)
    other = given.event(parent=conference, starts_at=starts_at, hours=1)
    for name, chosen in (("Asha Patel", workshop), ("Ben Cole", other)):
        place = _booked_with_needs(given, conference, name, access=f"{name} needs a ramp")
        given.booking(chosen, place.person)
    conference_trainer, workshop_trainer = (given.user(role=Role.TRAINER) for _ in range(2))
    conference.trainers.append(conference_trainer)
    workshop.trainers.append(workshop_trainer)
    db.commit()
    for trainer in (conference_trainer, workshop_trainer):
        client.sign_in(trainer.email)
        page = client.get(f"/manage/events/{workshop.id}/needs").get_data(as_text=True)
        assert "Asha Patel needs a ramp" in page and "Ben Cole" not in page
    assert client.get(f"/manage/events/{conference.id}/needs").status_code == 403


def test_cancelling_a_booking_deletes_its_needs(session, make):
    booking = make.booking(make.event())
    booking.access_needs, booking.dietary_needs, booking.notes_for_trainer = "Ramp", "Vegan", "x"
    cancel_booking(session, booking_id=booking.id, person_id=booking.person_id, now=NOW)
    session.expire_all()
    assert (booking.access_needs, booking.dietary_needs, booking.notes_for_trainer) == ("", "", "")


def test_the_needs_page_says_cancelling_deletes_them(client, given, db):
    booking = given.booking(given.event())
    db.commit()
    client.sign_in(booking.person.email)
    page = client.get(f"/bookings/{booking.id}/needs").get_data(as_text=True)
    assert "If you cancel your booking, we delete what you wrote here straight away." in page


def test_manage_events_links_to_each_events_needs(client, given, db):
    event = given.event()
    organiser = given.user(role=Role.ORGANISER)
    db.commit()
    client.sign_in(organiser.email)
    page = client.get("/manage/events").get_data(as_text=True)
    assert f'href="/manage/events/{event.id}/needs"' in page


def test_answers_keep_their_line_breaks_and_the_page_leads_back(client, given, db):
    event = given.event(title="E-safety day")
    _booked_with_needs(given, event, "Asha Patel", access="Ramp\r\nHearing loop\r\n\r\nBreaks")
    trainer, organiser = given.user(role=Role.TRAINER), given.user(role=Role.ORGANISER)
    event.trainers.append(trainer)
    db.commit()
    url = f"/manage/events/{event.id}/needs"
    client.sign_in(organiser.email)
    page = client.get(url).get_data(as_text=True)
    assert "Ramp<br>Hearing loop</p>" in page and '<p class="govuk-body">Breaks</p>' in page
    assert re.search(r'<a href="/manage/events" class="govuk-back-link">Manage events</a>', page)
    client.sign_in(trainer.email)  # a trainer cannot manage events: back to the event
    page = client.get(url).get_data(as_text=True)
    assert f'<a href="/events/{event.id}" class="govuk-back-link">E-safety day</a>' in page
