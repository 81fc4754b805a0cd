"""Organisers' event forms: roles, validation with the error summary, publish, capacity."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.core.formatting import LONDON
from booking.models import (
    AuditEntry,
    Booking,
    BookingStatus,
    Event,
    EventKind,
    EventStatus,
    Role,
)
from tests.factories import NOW
from tests.outbox.mailbox import deliver, text_of

FORM = {
    "kind": "training_day",
    "title": "E-safety training day",
    "summary": "Free training",
    "venue": "Abingdon Guildhall",
    "day": ["29", "1", "2099"],
    "starts": "9:30am",
    "ends": "4pm",
    "capacity": "40",
    "cpd_hours": "5.5",
}


@pytest.fixture
def organiser(client, given, db):
    user = given.user(role=Role.ORGANISER)
    db.commit()
    client.sign_in(user.email)
    return user


@pytest.mark.parametrize("role", [None, Role.PROFESSIONAL, Role.TRAINER])
def test_only_organisers_manage_events(client, given, db, role):
    if role:
        user = given.user(role=role)
        db.commit()
        client.sign_in(user.email)
    response = client.get("/manage/events/new")
    assert response.status_code == (302 if role is None else 403)


def test_an_organiser_creates_publishes_and_sees_it_listed(client, db, organiser):
    response = client.post("/manage/events/new", FORM)
    assert response.status_code == 302
    db.rollback()
    db.expire_all()
    event = db.scalars(select(Event)).one()
    assert (event.status, event.capacity) == (EventStatus.DRAFT, 40)
    assert "0 events found" in client.get("/events").get_data(as_text=True)
    client.post(f"/manage/events/{event.id}/publish")
    page = client.get("/events").get_data(as_text=True)
    assert "Thursday 29 January 2099, 9:30am to 4pm" in page


def test_the_form_explains_each_mistake_and_keeps_the_rest(client, organiser):
    bad = {**FORM, "title": "", "starts": "half nine", "capacity": "-3", "day": ["31", "2", "2099"]}
    page = client.post("/manage/events/new", bad).get_data(as_text=True)
    assert "There is a problem" in page
    assert "Enter a title" in page
    assert "Enter start time as a time, like 9:30am or 4pm" in page
    assert "Number of places must be between 1 and 10,000" in page
    assert "Date must be a real date" in page
    assert 'value="Abingdon Guildhall"' in page


def test_an_end_before_the_start_is_refused_by_the_domain(client, organiser):
    page = client.post("/manage/events/new", {**FORM, "ends": "9am"}).get_data(as_text=True)
    assert "End time must be after the start time" in page


def test_raising_capacity_in_the_form_promotes_the_waiting_list(client, given, db, organiser):
    event = given.event(capacity=1, title="Full day")
    given.booking(event)
    waiting = given.booking(event, status=BookingStatus.WAITLISTED)
    db.commit()
    edit = client.get(f"/manage/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="Full day"' in edit
    fields = {**FORM, "title": "Full day", "capacity": "2"}
    assert client.post(f"/manage/events/{event.id}/edit", fields).status_code == 302
    db.rollback()
    db.expire_all()
    assert db.get(Booking, waiting.id).status == BookingStatus.CONFIRMED


def test_duplicate_and_cancel(client, given, db, organiser):
    event = given.event(title="Governors")
    db.commit()
    duplicated = client.post(f"/manage/events/{event.id}/duplicate")
    client.post(f"/manage/events/{event.id}/cancel")
    db.rollback()
    db.expire_all()
    titles = {e.title: e.status for e in db.scalars(select(Event))}
    assert titles == {"Governors": EventStatus.CANCELLED, "Governors (copy)": EventStatus.DRAFT}
    copy = db.scalars(select(Event).where(Event.title == "Governors (copy)")).one()
    assert duplicated.location.endswith(f"/manage/events/{copy.id}/edit")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"day": ["1", "1", "2020"]}, "The date and start time must be in the future"),
        ({"capacity": "0"}, "Number of places must be between 1 and 10,000"),
        ({"capacity": "forty"}, "Enter the number of places as a whole number, like 40"),
        ({"cpd_hours": "six"}, "Enter CPD hours as a number, like 6 or 2.5"),
        ({"cpd_hours": "NaN"}, "Enter CPD hours as a number, like 6 or 2.5"),
        ({"reminder_days": "2.5"}, "Enter the number of days as a whole number, like 2"),
        ({"ends": "9am"}, "End time must be after the start time"),
        ({"places_per_organisation": "0"}, "Places per organisation must be at least 1"),
        ({"places_per_organisation": "two"}, "Enter the places per organisation as a whole"),
        ({"current_for_years": "11"}, "Training must stay current for between 1 and 10 years"),
        ({"current_for_years": "1.5"}, "Enter the number of years as a whole number, like 3"),
    ],
)
def test_the_event_form_refuses_with_messages_that_say_what_to_do(
    client, db, organiser, change, message
):
    page = client.post("/manage/events/new", {**FORM, **change}).get_data(as_text=True)
    assert "There is a problem" in page and message in page
    db.rollback()
    assert db.scalars(select(Event)).all() == []


def test_the_edit_form_writes_times_and_hours_as_its_hints_do(client, given, db, organiser):
    day = (NOW + timedelta(days=20)).astimezone(LONDON).replace(hour=12, minute=0)
    event = given.event(starts_at=day, hours=4, cpd_hours=6)
    db.commit()
    page = client.get(f"/manage/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="midday"' in page and 'value="4pm"' in page and 'value="6"' in page
    saved = client.post(
        f"/manage/events/{event.id}/edit",
        {**FORM, "day": [str(day.day), str(day.month), str(day.year)], "starts": "midday"},
    )
    assert saved.status_code == 302


def test_an_edit_may_keep_the_start_of_an_event_under_way(client, given, db, organiser):
    # It began at the top of this hour and ends within the same day, whatever the hour the
    # suite runs: the form's end is a time on the day it starts.
    event = given.event(starts_in=timedelta(0), hours=1, title="Running now")
    db.commit()
    start = event.starts_at.astimezone(LONDON)
    ends = min(start + timedelta(hours=1), start.replace(hour=23, minute=59))
    form = {
        **FORM,
        "title": "Running now, renamed",
        "day": [str(start.day), str(start.month), str(start.year)],
        "starts": f"{start:%H:%M}",
        "ends": f"{ends:%H:%M}",
    }
    assert client.post(f"/manage/events/{event.id}/edit", form).status_code == 302


def test_cancelling_carries_the_organisers_message_to_the_people_booked(
    app, client, given, db, organiser, tmp_path
):
    event = given.event(title="Governors")
    given.booking(event)
    db.commit()
    page = client.get(f"/manage/events/{event.id}/cancel").get_data(as_text=True)
    assert "Message to the people booked (optional)" in page
    assert re.search(r"<title>Cancel Governors, \d+ \w+ – ", page)
    client.post(f"/manage/events/{event.id}/cancel", {"message": "The trainer is ill.\nSorry."})
    (email,) = deliver(app, tmp_path)
    assert "A message from the organisers: The trainer is ill." in text_of(email)


def test_every_change_an_organiser_makes_is_in_the_audit_log(client, db, organiser):
    client.post("/manage/events/new", FORM)
    db.rollback()
    event = db.scalars(select(Event)).one()
    client.post(f"/manage/events/{event.id}/edit", {**FORM, "capacity": "50"})
    client.post(f"/manage/events/{event.id}/publish")
    client.post(f"/manage/events/{event.id}/duplicate")
    client.post(f"/manage/events/{event.id}/cancel")
    client.post(f"/manage/events/{event.id}/publish")  # refused: nothing happens, nothing logged
    db.rollback()
    copy = db.scalars(select(Event).where(Event.id != event.id)).one()
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.subject_type, e.subject_id) for e in entries] == [
        ("event.create", "event", event.id),
        ("event.edit", "event", event.id),
        ("event.publish", "event", event.id),
        ("event.duplicate", "event", copy.id),
        ("event.cancel", "event", event.id),
    ]
    assert {e.actor_id for e in entries} == {organiser.id}


def test_cancelling_an_event_asks_first_and_says_who_will_be_emailed(client, given, db, organiser):
    conference = given.event(kind=EventKind.CONFERENCE, title="Digital Resilience Conference")
    workshop = given.event(parent=conference, title="Thinkuknow")
    delegate = given.booking(conference)
    given.booking(conference, status=BookingStatus.WAITLISTED)
    given.booking(workshop, person=delegate.person)
    given.booking(conference, status=BookingStatus.CANCELLED)
    db.commit()
    given.event(title="<Tricky & Co>")
    db.commit()
    listing = client.get("/manage/events").get_data(as_text=True)
    assert f'href="/manage/events/{conference.id}/cancel"' in listing
    assert '<span class="govuk-visually-hidden"> &lt;Tricky &amp; Co&gt;</span>' in listing
    assert f'action="/manage/events/{conference.id}/cancel"' not in listing

    page = client.get(f"/manage/events/{conference.id}/cancel").get_data(as_text=True)

    assert "Are you sure you want to cancel this event?" in page
    assert "Its 1 workshop still to come will be cancelled too." in page
    assert "2 people with a place or on the waiting list will be emailed" in page
    db.expire_all()
    assert db.get(Event, conference.id).status == EventStatus.PUBLISHED
    answer = client.post(f"/manage/events/{conference.id}/cancel")
    assert answer.location == "/manage/events"
    assert "Digital Resilience Conference is cancelled." in client.get("/manage/events").text
    db.rollback()
    db.expire_all()
    assert {db.get(Event, e.id).status for e in (conference, workshop)} == {EventStatus.CANCELLED}


def test_cancelling_an_event_nobody_booked_says_so(client, given, db, organiser):
    event = given.event(title="Quiet forum")
    db.commit()
    page = client.get(f"/manage/events/{event.id}/cancel").get_data(as_text=True)
    assert "Nobody has booked it yet." in page and "will be emailed" not in page


@pytest.mark.parametrize("state", ["cancelled", "over"])
def test_a_cancelled_or_past_event_offers_no_cancelling(client, given, db, organiser, state):
    if state == "cancelled":
        event = given.event(title="Called off", status=EventStatus.CANCELLED)
    else:
        event = given.event(title="Last month", starts_in=timedelta(days=-30))
    db.commit()
    assert f"/manage/events/{event.id}/cancel" not in client.get("/manage/events").text
    answer = client.get(f"/manage/events/{event.id}/cancel")
    assert answer.location == "/manage/events"
    expected = {"cancelled": "already cancelled", "over": "This event is over"}[state]
    assert expected in client.get("/manage/events").text


def test_only_organisers_cancel_events(client, given, db):
    event, person = given.event(), given.user()
    db.commit()
    client.sign_in(person.email)
    assert client.get(f"/manage/events/{event.id}/cancel").status_code == 403
    assert client.post(f"/manage/events/{event.id}/cancel").status_code == 403
    db.expire_all()
    assert db.get(Event, event.id).status == EventStatus.PUBLISHED


def test_an_organiser_adds_a_workshop_to_a_conference(client, given, db, organiser):
    conference = given.event(
        kind=EventKind.CONFERENCE,
        hours=8,
        title="Conference",
        starts_at=given.event().starts_at.replace(hour=9, minute=0),
    )
    db.commit()
    day = conference.starts_at
    form = {key: value for key, value in FORM.items() if key != "kind"}
    local_day = day.astimezone(LONDON)
    form.update(
        {
            "title": "Lego for learning",
            "day": [str(local_day.day), str(local_day.month), str(local_day.year)],
            "starts": "10:30",
            "ends": "12:00",
        }
    )
    response = client.post(f"/manage/events/{conference.id}/workshops/new", form)
    assert response.status_code == 302, re.findall(r"govuk-error-message.*", response.text)
    db.rollback()
    db.expire_all()
    workshop = db.scalars(select(Event).where(Event.parent_id == conference.id)).one()
    assert workshop.kind == EventKind.WORKSHOP


def test_unknown_actions_and_events_are_not_found(client, organiser):
    assert client.post("/manage/events/999/publish").status_code == 404
    assert client.post("/manage/events/1/explode").status_code == 404


def test_errors_link_to_the_field_that_can_take_focus(client, organiser):
    page = client.post("/manage/events/new", {**FORM, "ends": "9am", "day": ["", "", ""]}).text
    assert 'href="#day-day"' in page
    bad_end = client.post("/manage/events/new", {**FORM, "ends": "9am"}).text
    assert 'href="#ends"' in bad_end and "End time must be after the start time" in bad_end


def test_impossible_numbers_are_explained(client, organiser):
    page = client.post("/manage/events/new", {**FORM, "cpd_hours": "sNaN"})
    assert page.status_code == 200 and "Enter CPD hours as a number" in page.text


def test_the_copy_of_a_past_event_asks_for_new_dates(client, given, db, organiser):
    past = given.event(title="Governors", starts_in=timedelta(days=-30))
    db.commit()
    edit = client.post(f"/manage/events/{past.id}/duplicate").location
    page = client.get(edit).get_data(as_text=True)
    start = past.starts_at.astimezone(LONDON)
    assert f'value="{start.year}"' not in page
    refused = client.post(
        edit, {**FORM, "day": [str(start.day), str(start.month), str(start.year)]}
    )
    assert "The date and start time must be in the future" in refused.get_data(as_text=True)


def test_a_cancellation_message_over_the_limit_is_refused_in_plain_words(
    client, given, db, organiser
):
    event = given.event(title="Governors")
    given.booking(event)
    db.commit()
    page = client.post(f"/manage/events/{event.id}/cancel", {"message": "x" * 2001})
    text = page.get_data(as_text=True)
    assert "There is a problem" in text
    assert "Message must be 2,000 characters or fewer" in text
    assert "(optional) must be" not in text
    assert text.count("Yes, cancel this event") == 1


def test_the_cancellation_message_keeps_its_line_breaks_in_the_html_email(
    app, client, given, db, organiser, tmp_path
):
    event = given.event(title="Governors")
    given.booking(event)
    db.commit()
    client.post(
        f"/manage/events/{event.id}/cancel", {"message": "The trainer is ill.\r\n<b>Sorry</b>."}
    )
    (email,) = deliver(app, tmp_path)
    html = email.get_body(preferencelist=("html",)).get_content()
    assert "The trainer is ill.<br>&lt;b&gt;Sorry&lt;/b&gt;." in html


def test_the_cap_per_organisation_and_years_current_are_saved_shown_and_copied(
    client, db, organiser
):
    fields = {**FORM, "places_per_organisation": "2", "current_for_years": "3"}
    assert client.post("/manage/events/new", fields).status_code == 302
    db.rollback()
    db.expire_all()
    event = db.scalars(select(Event)).one()
    assert (event.places_per_organisation, event.current_for_years) == (2, 3)
    form = client.get(f"/manage/events/{event.id}/edit").get_data(as_text=True)
    assert 'name="places_per_organisation" type="text" value="2"' in form
    client.post(f"/manage/events/{event.id}/duplicate")
    db.rollback()
    db.expire_all()
    copy = db.scalars(select(Event).where(Event.id != event.id)).one()
    assert (copy.places_per_organisation, copy.current_for_years) == (2, 3)
    client.post(f"/manage/events/{event.id}/edit", {**FORM, "places_per_organisation": ""})
    db.rollback()
    db.expire_all()
    assert db.get(Event, event.id).places_per_organisation is None
    (edit,) = db.scalars(select(AuditEntry).where(AuditEntry.action == "event.edit"))
    assert edit.details["fields"] == ["places_per_organisation", "current_for_years"]
