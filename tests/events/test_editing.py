"""Organisers' changes: validation, capacity, sequence, publish, cancel, duplicate."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from booking.bookings.event_changes import cancel_event, cancellation_reach, update_event
from booking.core.errors import InvalidEvent, NotBookable
from booking.events.editing import EventFields, create_event, duplicate_event, publish_event
from booking.models import BookingStatus, EventKind, EventStatus, OutboxMessage
from tests.factories import NOW, book

DETAILS = EventFields(
    kind=EventKind.TRAINING_DAY,
    title="E-safety training day",
    starts_at=NOW + timedelta(days=20),
    ends_at=NOW + timedelta(days=20, hours=6),
    capacity=2,
    venue="Abingdon Guildhall",
)


def test_a_new_event_is_a_draft_until_published(session):
    event = create_event(session, DETAILS, actor_id=None, now=NOW)
    assert event.status == EventStatus.DRAFT
    publish_event(session, event.id, actor_id=None, now=NOW)
    assert event.status == EventStatus.PUBLISHED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "   "}, "title"),
        ({"ends_at": DETAILS.starts_at}, "ends_at"),
        ({"capacity": -1}, "capacity"),
        ({"booking_closes_at": DETAILS.starts_at + timedelta(minutes=1)}, "booking_closes_at"),
        (
            {
                "booking_opens_at": NOW + timedelta(days=5),
                "booking_closes_at": NOW + timedelta(days=4),
            },
            "booking_opens_at",
        ),
    ],
)
def test_invalid_details_are_refused_naming_the_field(session, change, field):
    with pytest.raises(InvalidEvent) as raised:
        create_event(session, replace(DETAILS, **change), actor_id=None, now=NOW)
    assert raised.value.field == field


def test_raising_capacity_promotes_the_waiting_list_in_order(session, make):
    event = make.event(capacity=1)
    people = [make.user() for _ in range(3)]
    bookings = [
        book(session, event_id=event.id, person_id=p.id, now=NOW + timedelta(minutes=i))
        for i, p in enumerate(people)
    ]
    update_event(
        session,
        event.id,
        replace(DETAILS, capacity=2, starts_at=event.starts_at, ends_at=event.ends_at),
        actor_id=None,
        now=NOW,
    )
    assert [b.status for b in bookings] == [
        BookingStatus.CONFIRMED,
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
    ]


def test_capacity_cannot_drop_below_places_already_given(session, make):
    event = make.event(capacity=3)
    make.booking(event)
    make.booking(event)
    with pytest.raises(InvalidEvent, match="2 places already booked"):
        update_event(session, event.id, replace(DETAILS, capacity=1), actor_id=None, now=NOW)


def test_every_change_raises_the_calendar_sequence(session, make):
    event = make.event()
    before = event.sequence
    update_event(
        session, event.id, replace(DETAILS, venue="Langdale Hall, Witney"), actor_id=None, now=NOW
    )
    cancel_event(session, event.id, actor_id=None, now=NOW)
    assert event.sequence == before + 2
    assert event.status == EventStatus.CANCELLED


def test_cancelling_a_conference_cancels_its_workshops(session, make):
    conference = make.event(kind=EventKind.CONFERENCE, hours=8)
    workshop = make.event(parent=conference, starts_at=conference.starts_at, hours=1)
    cancel_event(session, conference.id, actor_id=None, now=NOW)
    assert workshop.status == EventStatus.CANCELLED
    with pytest.raises(NotBookable):
        cancel_event(session, conference.id, actor_id=None, now=NOW)


def test_cancelling_a_conference_leaves_finished_and_cancelled_workshops_as_they_were(
    session, make
):
    conference = make.event(kind=EventKind.CONFERENCE, starts_at=NOW - timedelta(days=1), hours=50)
    day_one = make.event(parent=conference, starts_at=NOW - timedelta(hours=20), hours=1)
    called_off = make.event(parent=conference, starts_at=NOW + timedelta(hours=5), hours=1)
    day_two = make.event(parent=conference, starts_at=NOW + timedelta(hours=6), hours=1)
    for workshop in (day_one, called_off, day_two):  # a workshop place beside a conference's
        make.booking(workshop, make.booking(conference).person)
    cancel_event(session, called_off.id, actor_id=None, now=NOW)
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1

    reach = cancellation_reach(session, conference, now=NOW)
    cancel_event(session, conference.id, actor_id=None, now=NOW)

    assert (reach.workshops, reach.people) == (1, 3)
    statuses = [w.status for w in (day_one, called_off, day_two)]
    assert statuses == [EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.CANCELLED]
    told = session.scalars(select(OutboxMessage.event_id).order_by(OutboxMessage.id)).all()
    # A workshop's delegate is told in their conference's update; the conference's email
    # tells its delegates, not one more per workshop it takes with it.
    assert told == [conference.id] * 4


def test_an_event_that_is_over_cannot_be_cancelled(session, make):
    event = make.event(starts_at=NOW - timedelta(days=2))
    with pytest.raises(NotBookable, match="This event is over"):
        cancel_event(session, event.id, actor_id=None, now=NOW)
    assert event.status == EventStatus.PUBLISHED


def test_a_cancelled_event_cannot_be_published_again(session, make):
    event = make.event(status=EventStatus.CANCELLED)
    with pytest.raises(NotBookable):
        publish_event(session, event.id, actor_id=None, now=NOW)


def test_duplicating_copies_a_conference_with_its_workshops_but_no_bookings(session, make):
    conference = make.event(kind=EventKind.CONFERENCE, hours=8, title="Conference")
    make.event(parent=conference, starts_at=conference.starts_at, hours=1, title="Lego")
    make.booking(conference)
    copy = duplicate_event(session, conference.id, actor_id=None, now=NOW)
    assert copy.title == "Conference (copy)"
    assert copy.status == EventStatus.DRAFT
    assert [w.title for w in copy.workshops] == ["Lego"]


def test_a_workshop_must_fall_within_its_conference(session, make):
    conference = make.event(kind=EventKind.CONFERENCE, hours=8)
    outside = replace(
        DETAILS, starts_at=conference.ends_at, ends_at=conference.ends_at + timedelta(hours=1)
    )
    with pytest.raises(InvalidEvent, match="during its conference"):
        create_event(session, outside, actor_id=None, now=NOW, parent_id=conference.id)


def test_duplicating_a_workshop_keeps_it_in_its_conference(session, make):
    conference = make.event(kind=EventKind.CONFERENCE, hours=8)
    workshop = make.event(parent=conference, starts_at=conference.starts_at, hours=1, title="Lego")
    copy = duplicate_event(session, workshop.id, actor_id=None, now=NOW)
    assert (copy.parent_id, copy.title, copy.kind) == (
        conference.id,
        "Lego (copy)",
        EventKind.WORKSHOP,
    )


def test_a_cancelled_event_cannot_be_edited_or_promote_anyone(session, make):
    event = make.event(capacity=1)
    make.booking(event)
    waiting = make.booking(event, status=BookingStatus.WAITLISTED)
    cancel_event(session, event.id, actor_id=None, now=NOW)
    with pytest.raises(NotBookable, match="cannot be changed"):
        update_event(session, event.id, replace(DETAILS, capacity=5), actor_id=None, now=NOW)
    assert waiting.status == BookingStatus.WAITLISTED


@pytest.mark.parametrize("link", ["http://meet.example.org/abc", "ftp://meet.example.org/abc"])
def test_an_online_link_must_be_https(session, link):
    with pytest.raises(InvalidEvent) as refused:
        create_event(session, replace(DETAILS, online_url=link), actor_id=None, now=NOW)
    assert refused.value.field == "online_url"
    assert create_event(
        session, replace(DETAILS, online_url="https://meet.example.org/abc"), actor_id=None, now=NOW
    )


def test_an_event_that_has_started_cannot_be_published(session, make):
    draft = make.event(status=EventStatus.DRAFT, starts_in=timedelta(days=-30))
    with pytest.raises(InvalidEvent) as raised:
        publish_event(session, draft.id, actor_id=None, now=NOW)
    assert raised.value.field == "starts_at"
    assert draft.status == EventStatus.DRAFT


def test_a_draft_copy_of_a_past_event_must_be_given_a_new_start(session, make):
    past = make.event(starts_in=timedelta(days=-30), title="Governors")
    copy = duplicate_event(session, past.id, actor_id=None, now=NOW)
    details = replace(DETAILS, starts_at=copy.starts_at, ends_at=copy.ends_at, title="Governors")
    with pytest.raises(InvalidEvent) as raised:
        update_event(session, copy.id, details, actor_id=None, now=NOW)
    assert raised.value.field == "starts_on"  # the day is what to change


def test_a_published_event_under_way_keeps_its_start_through_an_edit(session, make):
    running = make.event(starts_in=timedelta(hours=-1), hours=3)
    details = replace(DETAILS, starts_at=running.starts_at, ends_at=running.ends_at)
    update_event(session, running.id, details, actor_id=None, now=NOW)
    assert running.title == DETAILS.title
