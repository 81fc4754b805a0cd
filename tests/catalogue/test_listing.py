"""The catalogue: filters, search, pagination, places left, and a fixed number of queries."""

from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event

from booking.catalogue.event_page import view_event
from booking.catalogue.listing import CatalogueFilters, list_events, parse_filters
from booking.core.errors import NotFound
from booking.core.formatting import LONDON
from booking.events.rules import BookingState
from booking.models import BookingStatus, EventKind, EventStatus
from tests.factories import NOW


def titles(page):
    return [listing.event.title for listing in page.listings]


def test_only_upcoming_published_top_level_events_are_listed(session, make):
    make.event(title="Published")
    make.event(title="Draft", status=EventStatus.DRAFT)
    make.event(title="Past", starts_in=timedelta(days=-3))
    conference = make.event(title="Conference", kind=EventKind.CONFERENCE, hours=8)
    make.event(title="Workshop", parent=conference, starts_at=conference.starts_at, hours=1)
    assert sorted(titles(list_events(session, CatalogueFilters(), now=NOW))) == [
        "Conference",
        "Published",
    ]


def test_places_left_counts_confirmed_places_only(session, make):
    event = make.event(capacity=3)
    make.booking(event)
    make.booking(event, status=BookingStatus.CANCELLED)
    full = make.event(capacity=1)
    make.booking(full)
    make.booking(full, status=BookingStatus.WAITLISTED)
    listed = {
        item.event.id: item.places_left
        for item in list_events(session, CatalogueFilters(), now=NOW).listings
    }
    assert listed == {event.id: 2, full.id: 0}


def test_filters_combine(session, make):
    make.event(title="Governors", kind=EventKind.GOVERNOR_COURSE, audience="School governors")
    day_one = make.event(title="Day one", programme="Risky Behaviours", audience="Professionals")
    make.event(
        title="Day two",
        programme="Risky Behaviours",
        audience="Professionals",
        starts_in=timedelta(days=60),
    )
    month = f"{day_one.starts_at.astimezone(LONDON):%Y-%m}"
    filters, _page, errors = parse_filters({"programme": "Risky Behaviours", "month": month})
    assert errors == {}
    assert titles(list_events(session, filters, now=NOW)) == ["Day one"]
    kind_only = CatalogueFilters(kind=EventKind.GOVERNOR_COURSE)
    assert titles(list_events(session, kind_only, now=NOW)) == ["Governors"]


def test_search_matches_every_word_case_insensitively(session, make):
    make.event(title="Digital parenting session", summary="Screen time and gaming")
    make.event(title="Foster carers")
    assert titles(
        list_events(session, CatalogueFilters(words=("PARENTING", "gaming")), now=NOW)
    ) == ["Digital parenting session"]


def test_pages_hold_twenty_events_soonest_first(session, make):
    for day in range(45):
        make.event(title=f"Day {day:02d}", starts_in=timedelta(days=day + 1))
    second = list_events(session, CatalogueFilters(), now=NOW, page=2)
    assert (second.total, second.pages, second.page) == (45, 3, 2)
    assert titles(second)[0] == "Day 20"
    assert list_events(session, CatalogueFilters(), now=NOW, page=99).page == 3
    past_the_end = list_events(session, CatalogueFilters(), now=NOW, page=99, per_page=10)
    assert (past_the_end.page, len(past_the_end.listings)) == (5, 5)


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"kind": "rave"}, "kind"),
        ({"month": "2026-13"}, "month"),
        ({"month": "soon"}, "month"),
        ({"page": "-1"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "٣"}, "page"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_unreadable_parameters_are_reported_and_ignored(params, bad):
    filters, page, errors = parse_filters(params)
    assert list(errors) == [bad]
    if bad == "page":
        assert errors["page"] == "Page must be a whole number from 1 upwards, like 2"
    assert page == 1
    assert filters.kind is None and filters.month is None


def test_the_catalogue_runs_the_same_queries_for_five_or_fifty_events(engine, session, make):
    def count_queries(n_events):
        for _ in range(n_events):
            event = make.event()
            make.booking(event)
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        sa_event.listen(engine, "before_cursor_execute", listener)
        try:
            page = list_events(session, CatalogueFilters(), now=NOW, per_page=100)
            [listing.event.title for listing in page.listings]
        finally:
            sa_event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    assert count_queries(5) == count_queries(45) == 1


def test_the_event_view_gives_the_viewers_state(session, make):
    event = make.event(capacity=1)
    holder, waiter, visitor = make.user(), make.user(), make.user()
    make.booking(event, holder)
    make.booking(event, waiter, status=BookingStatus.WAITLISTED)
    assert view_event(session, event.id, viewer_id=holder.id, now=NOW).state == BookingState.BOOKED
    waiting = view_event(session, event.id, viewer_id=waiter.id, now=NOW)
    assert (waiting.state, waiting.position) == (BookingState.WAITLISTED, 1)
    assert view_event(session, event.id, viewer_id=visitor.id, now=NOW).state == BookingState.FULL
    assert view_event(session, event.id, viewer_id=None, now=NOW).state == BookingState.FULL


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({}, BookingState.OPEN),
        ({"booking_opens_at": NOW + timedelta(days=1)}, BookingState.NOT_YET_OPEN),
        ({"starts_in": timedelta(hours=-1)}, BookingState.CLOSED),
        ({"status": EventStatus.CANCELLED}, BookingState.CANCELLED),
        ({"status": EventStatus.DRAFT}, BookingState.DRAFT),
    ],
)
def test_booking_states(session, make, fields, state):
    event = make.event(**fields)
    view = view_event(session, event.id, viewer_id=None, now=NOW, include_drafts=True)
    assert view.state == state


def test_the_event_view_names_trainers_in_order_and_counts_places(session, make):
    event = make.event(capacity=3, cpd_hours=5.5)
    event.trainers = [make.user(name="Zoe Trainer"), make.user(name="Amir Trainer")]
    make.booking(event)
    make.booking(event, status=BookingStatus.WAITLISTED)
    make.booking(event, status=BookingStatus.CANCELLED)
    session.flush()
    view = view_event(session, event.id, viewer_id=None, now=NOW)
    assert view.event.trainers == ("Amir Trainer", "Zoe Trainer")
    assert (view.event.title, float(view.event.cpd_hours)) == (event.title, 5.5)
    assert (view.places_left, view.waiting) == (2, 1)
    untrained = view_event(session, make.event().id, viewer_id=None, now=NOW)
    assert untrained.event.trainers == ()


def test_drafts_and_workshops_of_draft_conferences_are_not_found_unless_included(session, make):
    draft = make.event(status=EventStatus.DRAFT)
    conference = make.event(kind=EventKind.CONFERENCE, status=EventStatus.DRAFT)
    workshop = make.event(parent=conference, starts_at=conference.starts_at, hours=1)
    for event_id in (draft.id, workshop.id, 999_999):
        with pytest.raises(NotFound):
            view_event(session, event_id, viewer_id=None, now=NOW)
    assert view_event(session, workshop.id, viewer_id=None, now=NOW, include_drafts=True)


def test_a_conference_view_has_its_workshops_with_their_places_and_the_viewers_state(session, make):
    conference = make.event(kind=EventKind.CONFERENCE, hours=8)
    late = make.event(
        parent=conference,
        title="Late",
        capacity=1,
        hours=1,
        starts_at=conference.starts_at + timedelta(hours=2),
    )
    make.event(parent=conference, title="Early", hours=1, starts_at=conference.starts_at)
    person = make.user()
    make.booking(conference, person)
    make.booking(late, person, status=BookingStatus.WAITLISTED)
    make.booking(late)
    view = view_event(session, conference.id, viewer_id=person.id, now=NOW)
    assert view.state == BookingState.BOOKED
    assert [(w.event.title, w.places_left, w.state) for w in view.workshops] == [
        ("Early", 10, BookingState.OPEN),
        ("Late", 0, BookingState.WAITLISTED),
    ]
    assert view.workshops[1].position == 1


def test_anyone_s_view_of_an_event_is_one_statement(engine, session, make):
    event = make.event()
    event.trainers = [make.user(), make.user()]
    make.booking(event)
    session.flush()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        view_event(session, event.id, viewer_id=None, now=NOW)
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 1
