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


def test_the_api_shows_no_places_left_for_a_cancelled_event(client, given, db):
    event = given.event(status=EventStatus.CANCELLED)
    db.commit()
    body = client.get(f"/api/v1/events/{event.id}").get_json()
    assert body["booking_state"] == "cancelled"
    assert (body["places_left"], body["places_left_text"]) == (None, None)
