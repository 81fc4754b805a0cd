"""What the catalogue and an event's page say: finished events, booking not yet open, the
description's paragraphs, midday, CPD hours, page titles, calendar subscription, the API."""

import re
from datetime import timedelta

from booking.core.formatting import LONDON, long_date
from booking.models import EventKind, EventStatus
from tests.factories import NOW


def text(response) -> str:
    return response.get_data(as_text=True)


def test_a_finished_event_says_so(client, given, db):
    event = given.event(starts_in=timedelta(days=-2))
    db.commit()
    page = text(client.get(f"/events/{event.id}"))
    assert "This event has finished" in page
    assert "Booking has closed" not in page


def test_an_event_not_yet_open_says_when_booking_opens_instead_of_its_places(client, given, db):
    opens = (NOW + timedelta(days=3)).astimezone(LONDON).replace(hour=9)
    event = given.event(capacity=10, booking_opens_at=opens, starts_in=timedelta(days=40))
    db.commit()
    expected = f"Booking opens on {long_date(opens)} at 9am"
    for page in (text(client.get("/events")), text(client.get(f"/events/{event.id}"))):
        assert expected in page
        assert "10 places left" not in page


def test_descriptions_keep_paragraphs_and_line_breaks_escaped(client, given, db):
    event = given.event(
        description="Arrive at 9am.\r\nBring <b>lunch</b>.\r\n\r\nParking is free.",
        cpd_hours=6,
        starts_at=NOW.astimezone(LONDON).replace(hour=9) + timedelta(days=10),
        hours=3,
    )
    db.commit()
    page = text(client.get(f"/events/{event.id}"))
    assert '<p class="govuk-body">Arrive at 9am.<br>Bring &lt;b&gt;lunch&lt;/b&gt;.</p>' in page
    assert '<p class="govuk-body">Parking is free.</p>' in page
    assert "6 hours" in page and "6.0" not in page
    assert "9am to midday" in page


def test_the_event_page_title_names_the_event_and_its_day(client, given, db):
    event = given.event(title="E-safety training day")
    db.commit()
    day = event.starts_at.astimezone(LONDON)
    title = re.search("<title>(.*)</title>", text(client.get(f"/events/{event.id}")))[1]
    assert title.startswith(f"E-safety training day, {day.day} {day:%B} – ")


def test_subscribing_gives_a_webcal_link_with_how_to_add_it_and_none_without_results(
    client, given, db
):
    given.event(title="Governors", kind=EventKind.GOVERNOR_COURSE)
    db.commit()
    page = text(client.get("/events?kind=governor_course"))
    assert 'href="webcal://training.example.org/events.ics?kind=governor_course"' in page
    assert "Outlook" in page and "Google Calendar" in page and "Apple Calendar" in page
    empty = text(client.get("/events?q=nothingmatchesthis"))
    assert "webcal://" not in empty and "Subscribe" not in empty


def test_the_feed_answers_a_bad_month_with_the_catalogues_message(client):
    response = client.get("/events.ics?month=bad")
    assert response.status_code == 400
    assert "Choose a month from the list" in text(response)


def test_the_api_shows_no_places_left_for_a_cancelled_event_and_says_why(client, given, db):
    event = given.event(status=EventStatus.CANCELLED)
    db.commit()
    body = client.get(f"/api/v1/events/{event.id}").get_json()
    assert body["booking_state"] == "cancelled"
    assert (body["places_left"], body["places_left_text"]) == (
        None,
        "This event has been cancelled",
    )


def test_every_place_that_speaks_of_booking_says_the_same_for_an_event_not_yet_open(
    client, given, db
):
    opens = (NOW + timedelta(days=3)).astimezone(LONDON).replace(hour=0, minute=0, second=0)
    conference = given.event(
        title="Conference",
        kind=EventKind.CONFERENCE,
        capacity=10,
        hours=8,
        booking_opens_at=opens,
        # 9am, whatever the hour the tests run at: 8 hours from a late start would end at midnight
        starts_at=(NOW + timedelta(days=40)).astimezone(LONDON).replace(hour=9),
    )
    given.event(
        title="Lego",
        parent=conference,
        capacity=10,
        starts_at=conference.starts_at,
        hours=1,
        booking_opens_at=opens,
    )
    db.commit()
    expected = f"Booking opens on {long_date(opens)}"
    page = text(client.get(f"/events/{conference.id}"))
    assert page.count(expected + "<") + page.count(expected + ".") == 2  # the panel, the workshop
    assert "10 places left" not in page and "midnight" not in page
    (listed,) = client.get("/api/v1/events").get_json()["events"]
    one = client.get(f"/api/v1/events/{conference.id}").get_json()
    for item in (listed, one, one["workshops"][0]):
        assert item["places_left_text"] == expected


def test_the_api_and_workshops_say_when_booking_has_closed(client, given, db):
    conference = given.event(
        title="Conference",
        kind=EventKind.CONFERENCE,
        hours=8,
        booking_closes_at=NOW - timedelta(hours=1),
    )
    given.event(
        title="Lego",
        parent=conference,
        starts_at=conference.starts_at,
        hours=1,
        booking_closes_at=NOW - timedelta(hours=1),
    )
    db.commit()
    page = text(client.get(f"/events/{conference.id}"))
    assert "places left" not in page
    one = client.get(f"/api/v1/events/{conference.id}").get_json()
    assert (
        one["places_left_text"] == one["workshops"][0]["places_left_text"] == ("Booking has closed")
    )
