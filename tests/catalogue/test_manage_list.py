"""Manage events: soonest first with past events after, actions spaced apart, drafts never
offered cancelling, and a conference published with its draft workshops."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.events.editing import publish_event
from booking.models import BookingStatus, Event, EventKind, EventStatus, Role
from tests.factories import NOW


@pytest.fixture
def organiser(client, given, db):
    user = given.user(role=Role.ORGANISER)
    db.commit()
    client.sign_in(user.email)
    return user


def _titles(page: str) -> list[str]:
    return re.findall(r"<h2 class=\"govuk-summary-card__title\">\s*([^<]+?)\s*</h2>", page)


def test_upcoming_events_run_soonest_first_and_past_ones_follow(client, given, db, organiser):
    given.event(title="Later", starts_in=timedelta(days=60))
    given.event(title="Last month", starts_in=timedelta(days=-30))
    given.event(title="Soon", starts_in=timedelta(days=3))
    given.event(title="Last week", starts_in=timedelta(days=-7))
    db.commit()
    page = client.get("/manage/events").get_data(as_text=True)
    assert _titles(page) == ["Soon", "Later", "Last week", "Last month"]
    assert page.index("Upcoming events") < page.index("Soon") < page.index("Past events")


def test_a_draft_is_not_offered_cancelling(client, given, db, organiser):
    draft = given.event(title="Draft day", status=EventStatus.DRAFT)
    live = given.event(title="Live day")
    db.commit()
    page = client.get("/manage/events").get_data(as_text=True)
    assert f"/manage/events/{live.id}/cancel" in page
    assert f"/manage/events/{draft.id}/cancel" not in page
    assert f"/manage/events/{draft.id}/publish" in page


def test_each_event_is_a_summary_card_with_its_links_as_card_actions(client, given, db, organiser):
    event = given.event(title="Live day")
    db.commit()
    page = client.get("/manage/events").get_data(as_text=True)
    card_actions = page[page.index("govuk-summary-card__actions") :]
    assert card_actions.index(f"/manage/events/{event.id}/edit") < card_actions.index(
        f"/manage/events/{event.id}/cancel"
    )
    assert "govuk-button--warning" not in page  # no red button right under Duplicate


def test_publishing_a_conference_publishes_its_draft_workshops(session, make):
    conference = make.event(
        title="Annual conference", kind=EventKind.CONFERENCE, status=EventStatus.DRAFT, hours=8
    )
    for number in range(3):
        make.event(
            parent=conference,
            title=f"Workshop {number}",
            hours=1,
            starts_at=conference.starts_at,
            status=EventStatus.DRAFT,
        )
    cancelled = make.event(
        parent=conference,
        title="Dropped",
        hours=1,
        starts_at=conference.starts_at,
        status=EventStatus.CANCELLED,
    )
    publish_event(session, conference.id, actor_id=None, now=NOW)
    statuses = {e.title: e.status for e in session.scalars(select(Event))}
    assert statuses == {
        "Annual conference": EventStatus.PUBLISHED,
        "Workshop 0": EventStatus.PUBLISHED,
        "Workshop 1": EventStatus.PUBLISHED,
        "Workshop 2": EventStatus.PUBLISHED,
        "Dropped": EventStatus.CANCELLED,
    }
    assert cancelled.sequence == 0


def test_a_draft_conference_says_its_workshops_are_published_with_it(client, given, db, organiser):
    conference = given.event(
        title="Annual conference", kind=EventKind.CONFERENCE, status=EventStatus.DRAFT, hours=8
    )
    for number in range(2):
        given.event(
            parent=conference,
            title=f"Workshop {number}",
            hours=1,
            starts_at=conference.starts_at,
            status=EventStatus.DRAFT,
        )
    db.commit()
    page = client.get("/manage/events").get_data(as_text=True)
    assert "Publish with its 2 draft workshops" in page


def test_the_copy_opened_after_duplicate_has_a_back_link_to_manage_events(
    client, given, db, organiser
):
    event = given.event(title="Governors")
    db.commit()
    edit = client.post(f"/manage/events/{event.id}/duplicate").location
    page = client.get(edit).get_data(as_text=True)
    assert re.search(r'<a href="/manage/events" class="govuk-back-link">Back</a>', page)


def test_each_event_shows_its_places_booked_and_waiting_in_a_fixed_number_of_statements(
    app, client, given, db, organiser
):
    from tests.statements import statements_sent

    def page_statements() -> int:
        with statements_sent(app.config["ENGINE"]) as sent:
            assert client.get("/manage/events").status_code == 200
        return len(sent)

    full = given.event(title="Full day", capacity=1)
    given.booking(full)
    given.booking(full, status=BookingStatus.WAITLISTED)
    db.commit()
    page = client.get("/manage/events").get_data(as_text=True)
    assert "1 booked, 1 waiting, of 1 places" in page
    assert f"/manage/events/{full.id}/bookings" in page
    few = page_statements()
    conference = given.event(kind=EventKind.CONFERENCE, title="Conference")
    for n in range(3):
        given.booking(given.event(title=f"Day {n}"))
        given.event(parent=conference, title=f"Workshop {n}")
    db.commit()
    assert page_statements() == few


def test_the_list_searches_by_title_words(client, given, db, organiser):
    given.event(title="E-safety training day")
    given.event(title="Governors course", starts_in=timedelta(days=-3))
    db.commit()
    page = client.get("/manage/events?q=gover").get_data(as_text=True)
    assert _titles(page) == ["Governors course"]
    assert 'value="gover"' in page
