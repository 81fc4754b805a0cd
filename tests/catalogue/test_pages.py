"""The catalogue pages, event pages and calendar downloads through the real app."""

import re
from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import event as sa_event

from booking.core.formatting import LONDON
from booking.models import BookingStatus, EventKind, EventStatus


def test_the_catalogue_lists_events_with_places_as_people_write_them(client, given, db):
    full = given.event(title="Full day", capacity=1)
    given.booking(full)
    given.event(title="Open day", capacity=12)
    db.commit()
    page = client.get("/events").get_data(as_text=True)
    assert "12 places left" in page
    assert "Fully booked – join the waiting list" in page
    assert "2 events found" in page


def test_the_event_page_shows_trainers_cpd_and_how_to_book(client, given, db):
    trainer = given.user(name="Jeremy Day")
    event = given.event(title="E-safety training day", cpd_hours=5.5)
    event.trainers = [trainer]
    db.commit()
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Jeremy Day" in page and "5.5" in page
    assert "Sign in</a> or" in page


def test_drafts_and_unknown_events_are_not_found(client, given, db):
    draft = given.event(status=EventStatus.DRAFT)
    db.commit()
    for url in (f"/events/{draft.id}", "/events/999999", f"/events/{draft.id}.ics"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.get_data(as_text=True)


def test_bad_filters_get_an_error_summary_not_an_error(client):
    response = client.get("/events?kind=rave&month=2026-99&page=x")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page and "Choose a month from the list" in page


def test_event_calendar_and_feed_import_cleanly(client, given, db):
    conference = given.event(title="Conference for 李", kind=EventKind.CONFERENCE)
    given.event(title="Governors", kind=EventKind.GOVERNOR_COURSE)
    db.commit()
    one = client.get(f"/events/{conference.id}.ics")
    assert one.mimetype == "text/calendar"
    assert [str(e["summary"]) for e in Calendar.from_ical(one.data).walk("VEVENT")] == [
        "Conference for 李"
    ]
    feed = client.get("/events.ics?kind=governor_course")
    assert [str(e["summary"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")] == [
        "Governors"
    ]


def test_the_feed_keeps_a_cancelled_event_marked_cancelled_and_the_catalogue_drops_it(
    client, given, db
):
    from booking.models import EventStatus

    given.event(title="Called off", status=EventStatus.CANCELLED)
    given.event(title="Going ahead")
    given.event(title="Not yet announced", status=EventStatus.DRAFT)
    db.commit()
    feed = Calendar.from_ical(client.get("/events.ics").data)
    statuses = {str(e["summary"]): str(e["status"]) for e in feed.walk("VEVENT")}
    assert statuses == {"Called off": "CANCELLED", "Going ahead": "CONFIRMED"}
    page = client.get("/events").get_data(as_text=True)
    assert "Going ahead" in page and "Called off" not in page


def test_pages_carry_security_headers_with_a_fresh_nonce(client):
    first, second = client.get("/events"), client.get("/events")
    policy = first.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-inline'" not in policy
    assert policy != second.headers["Content-Security-Policy"]
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    assert first.headers["X-Frame-Options"] == "DENY"


def test_the_conference_page_lists_its_workshops_with_places(client, given, db):
    conference = given.event(
        title="Digital Resilience Conference", kind=EventKind.CONFERENCE, hours=8
    )
    workshop = given.event(
        title="Lego for learning",
        parent=conference,
        capacity=2,
        starts_at=conference.starts_at + timedelta(hours=1),
        hours=1,
    )
    given.booking(workshop, status=BookingStatus.CONFIRMED)
    db.commit()
    page = client.get(f"/events/{conference.id}").get_data(as_text=True)
    assert "Lego for learning" in page and "1 place left" in page


def test_a_cancelled_conference_says_so_under_its_title(client, given, db):
    conference = given.event(
        title="Digital Resilience Conference", kind=EventKind.CONFERENCE, hours=8
    )
    given.event(title="Lego for learning", parent=conference, hours=1)
    conference.status = EventStatus.CANCELLED
    db.commit()
    page = client.get(f"/events/{conference.id}").get_data(as_text=True)
    title_and_after = page[page.index("<h1") :]
    assert title_and_after.index("This event has been cancelled.") < title_and_after.index("<dl")
    assert "Once you have a place on the conference" not in page


def test_https_deployments_ask_browsers_to_stay_on_https(app, client):
    assert "Strict-Transport-Security" not in client.get("/events").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/events").headers["Strict-Transport-Security"].startswith("max-age=")


def test_unknown_query_parameters_are_not_repeated_in_links(client, given, db):
    for _ in range(25):
        given.event()
    db.commit()
    page = client.get("/events?_method=POST&kind=training_day").get_data(as_text=True)
    assert "_method" not in page and "page=2" in page


def test_catalogue_links_lead_to_each_event_and_to_pages_with_the_same_filters(client, given, db):
    events = [given.event(title=f"Day {n:02d} 2718281828") for n in range(45)]
    db.commit()
    page = client.get("/events?q=2718281828&kind=training_day&page=2").get_data(as_text=True)
    carried = "kind=training_day&amp;q=2718281828&amp;page=2"
    assert f'href="/events/{events[20].id}?{carried}">Day 20 2718281828</a>' in page
    assert 'href="/events?kind=training_day&amp;q=2718281828&amp;page=1" rel="prev"' in page
    assert 'href="/events?kind=training_day&amp;q=2718281828&amp;page=3" rel="next"' in page
    assert (
        'href="/events?kind=training_day&amp;q=2718281828&amp;page=3" aria-label="Page 3"' in page
    )
    assert 'aria-label="Page 2" aria-current="page"' in page


def test_the_event_pages_back_link_returns_to_the_search_and_filters(client, given, db):
    event = given.event(title="Café club")
    db.commit()
    page = client.get(f"/events/{event.id}?q=cafe&kind=training_day&page=2&evil=x").get_data(
        as_text=True
    )
    assert 'href="/events?kind=training_day&amp;q=cafe&amp;page=2" class="govuk-back-link"' in page
    plain = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert 'href="/events" class="govuk-back-link"' in plain


def test_workshops_of_a_draft_conference_stay_hidden(client, given, db):
    from booking.models import EventKind, EventStatus

    conference = given.event(kind=EventKind.CONFERENCE, status=EventStatus.DRAFT, hours=8)
    workshop = given.event(parent=conference, starts_at=conference.starts_at, hours=1)
    db.commit()
    assert client.get(f"/events/{workshop.id}").status_code == 404
    assert client.get(f"/api/v1/events/{workshop.id}").status_code == 404


def test_a_catalogue_page_is_one_statement_and_on_postgresql_no_transaction(
    client, engine, given, db
):
    """The page, its places and its count in one SELECT. PostgreSQL readers run in autocommit,
    so psycopg sends no BEGIN or ROLLBACK; SQLite's reader opens a plain BEGIN itself."""
    given.booking(given.event())
    db.commit()
    client.get("/events")  # the first request also reads the filter choices
    statements = []

    def listener(connection, _cursor, statement, *_args):
        dbapi = connection.connection.dbapi_connection
        statements.append((statement.split()[0].upper(), getattr(dbapi, "autocommit", None)))

    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/events").status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    if engine.dialect.name == "postgresql":
        assert statements == [("SELECT", True)]
    else:
        assert [verb for verb, _ in statements] == ["BEGIN", "SELECT"]


def test_pagination_links_the_ends_and_two_pages_either_side():
    from booking.catalogue.views import page_numbers

    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 4) == [1, 2, 3, 4]
    assert page_numbers(1, 100) == [1, 2, 3, None, 100]
    assert page_numbers(5, 100) == [1, None, 3, 4, 5, 6, 7, None, 100]
    assert page_numbers(4, 7) == [1, 2, 3, 4, 5, 6, 7]
    assert page_numbers(100, 100) == [1, None, 98, 99, 100]


def test_selected_filters_are_listed_above_the_results_each_with_a_link_to_remove_it(
    client, given, db
):
    event = given.event(title="Governors", kind=EventKind.GOVERNOR_COURSE, audience="Governors")
    db.commit()
    month = event.starts_at.astimezone(LONDON).strftime("%Y-%m")
    page = client.get(
        f"/events?kind=governor_course&audience=Governors&month={month}&q=gov&page=1"
    ).get_data(as_text=True)
    selected = page[page.index("Selected filters") : page.index("event found")]
    links = dict(
        (text.strip(), href.replace("&amp;", "&"))
        for href, text in re.findall(r'<a class="govuk-link" href="([^"]*)">(.*?)</a>', selected)
    )
    remove = '<span class="govuk-visually-hidden">Remove this filter: </span>'
    assert links[f"{remove}Type of event: Governor course"] == (
        f"/events?audience=Governors&month={month}&q=gov"
    )
    assert (
        links[f"{remove}Audience: Governors"] == f"/events?kind=governor_course&month={month}&q=gov"
    )
    assert links[f"{remove}Search: gov"] == (
        f"/events?kind=governor_course&audience=Governors&month={month}"
    )
    assert links["Clear filters"] == "/events"
    assert "Selected filters" not in client.get("/events").get_data(as_text=True)
    assert "Selected filters" not in client.get("/events?kind=nonsense").get_data(as_text=True)
