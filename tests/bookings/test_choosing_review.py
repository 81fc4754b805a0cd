"""Review findings on choosing conference workshops: what is decided on is read after the
conference's lock, a workshop cancelled by the organisers is not "dropped" by a save, and a
waiting list never promotes anyone onto a clash."""

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from booking.bookings.event_changes import cancel_event, update_event
from booking.bookings.services import promote_waitlist
from booking.bookings.workshops import choose_workshops, workshop_choices
from booking.core.clock import utcnow
from booking.core.errors import SlotTaken
from booking.db import make_sessions
from booking.events.editing import EventFields
from booking.events.rules import lock_event
from booking.models import Booking, BookingStatus, EventKind, OutboxMessage
from tests.factories import NOW, Factory, book
from tests.locks import empty, until_a_transaction_waits_on_a_lock


def _statuses(session, event_id: int) -> dict[int, BookingStatus]:
    rows = session.execute(
        select(Booking.person_id, Booking.status).where(Booking.event_id == event_id)
    )
    return dict(rows.all())


def test_dropping_a_workshop_promoted_onto_meanwhile_passes_the_place_on(postgres_engine):
    sessions = make_sessions(postgres_engine)
    with sessions.writer() as session:
        make = Factory(session)
        conference = make.event(kind=EventKind.CONFERENCE, capacity=50, hours=8)
        starts_at = conference.starts_at + timedelta(hours=1)
        workshop = make.event(parent=conference, starts_at=starts_at, hours=1, capacity=1)
        places = {}
        for name in ("holder", "delegate", "next"):
            place = book(session, event_id=conference.id, person_id=make.user().id, now=NOW)
            choose_workshops(
                session,
                booking_id=place.id,
                person_id=place.person_id,
                choices={workshop.id},
                now=NOW,
            )
            places[name] = (place.id, place.person_id)
        session.commit()
        workshop_id = workshop.id
    try:
        with sessions.writer() as view:
            booking_id, person_id = places["delegate"]
            slots = workshop_choices(view, view.get(Booking, booking_id))  # as the view reads
            assert slots[0].workshops[0].booking.status == BookingStatus.WAITLISTED
            with sessions.writer() as other:  # the holder drops it: the delegate is promoted
                holder_booking, holder = places["holder"]
                choose_workshops(
                    other, booking_id=holder_booking, person_id=holder, choices=(), now=NOW
                )
                other.commit()
            choose_workshops(view, booking_id=booking_id, person_id=person_id, choices=(), now=NOW)
            view.commit()
        with sessions.reader() as session:
            assert _statuses(session, workshop_id)[places["next"][1]] == BookingStatus.CONFIRMED
    finally:
        empty(postgres_engine)


def test_choosing_reads_the_clock_after_the_conference_lock(postgres_engine):
    writer = make_sessions(postgres_engine).writer
    with writer() as session:
        make = Factory(session)
        conference = make.event(kind=EventKind.CONFERENCE, capacity=50, hours=8)
        starts_at = conference.starts_at + timedelta(hours=1)
        workshop = make.event(parent=conference, starts_at=starts_at, hours=1, capacity=0)
        place = book(session, event_id=conference.id, person_id=make.user().id, now=NOW)
        session.commit()
        ids = place.id, place.person_id, workshop.id, conference.id

    def choose():
        with writer() as session:
            choose_workshops(
                session, booking_id=ids[0], person_id=ids[1], choices={ids[2]}, now=utcnow
            )
            session.commit()

    try:
        holder = writer()
        lock_event(holder, ids[3])
        thread = threading.Thread(target=choose)
        thread.start()
        until_a_transaction_waits_on_a_lock(postgres_engine)
        released_at = utcnow()
        holder.commit()
        holder.close()
        thread.join()
        with writer() as session:
            queued_at = session.scalar(select(Booking.queued_at).where(Booking.event_id == ids[2]))
        assert queued_at >= released_at
    finally:
        empty(postgres_engine)


@pytest.fixture
def conference(make):
    conference = make.event(kind=EventKind.CONFERENCE, capacity=50, hours=8)
    morning = conference.starts_at + timedelta(hours=1)
    afternoon = conference.starts_at + timedelta(hours=4)
    return {
        "conference": conference,
        "morning": make.event(parent=conference, starts_at=morning, hours=1, title="Morning"),
        "afternoon": make.event(parent=conference, starts_at=afternoon, hours=1, title="Later"),
    }


def test_saving_after_the_organisers_cancel_a_workshop_keeps_the_other(session, make, conference):
    place = book(session, event_id=conference["conference"].id, person_id=make.user().id, now=NOW)
    chosen = {conference["morning"].id, conference["afternoon"].id}
    choose_workshops(
        session, booking_id=place.id, person_id=place.person_id, choices=chosen, now=NOW
    )
    cancel_event(session, conference["morning"].id, actor_id=None, now=NOW)
    emails = session.scalar(select(text("count(*)")).select_from(OutboxMessage))

    saved = choose_workshops(
        session,
        booking_id=place.id,
        person_id=place.person_id,
        choices={conference["afternoon"].id},
        now=NOW,
    )

    assert not saved.changed
    assert session.scalar(select(text("count(*)")).select_from(OutboxMessage)) == emails
    assert _statuses(session, conference["afternoon"].id) == {
        place.person_id: BookingStatus.CONFIRMED
    }
    assert _statuses(session, conference["morning"].id) == {
        place.person_id: BookingStatus.CONFIRMED  # on a cancelled workshop, as everyone's is
    }


def test_a_waiting_list_does_not_promote_a_delegate_onto_a_clash(session, make, conference):
    full = conference["morning"]
    full.capacity = 1
    later = conference["afternoon"]
    holder, delegate, other = (
        book(session, event_id=conference["conference"].id, person_id=make.user().id, now=NOW)
        for _ in range(3)
    )
    for place, choices in (
        (holder, {full.id}),
        (delegate, {full.id, later.id}),
        (other, {full.id}),
    ):
        choose_workshops(
            session, booking_id=place.id, person_id=place.person_id, choices=choices, now=NOW
        )
    later.starts_at = full.starts_at  # the organisers move the afternoon onto the morning
    later.ends_at = full.ends_at
    full.capacity = 2

    promoted = promote_waitlist(session, lock_event(session, full.id), now=NOW)

    assert [b.person_id for b in promoted] == [other.person_id]
    assert _statuses(session, full.id)[delegate.person_id] == BookingStatus.WAITLISTED


def test_an_organiser_cannot_move_a_workshop_onto_delegates_other_workshop(
    session, make, conference
):
    place = book(session, event_id=conference["conference"].id, person_id=make.user().id, now=NOW)
    morning, later = conference["morning"], conference["afternoon"]
    choose_workshops(
        session,
        booking_id=place.id,
        person_id=place.person_id,
        choices={morning.id, later.id},
        now=NOW,
    )
    later_ends_at = later.ends_at
    onto_morning = EventFields(
        kind=EventKind.WORKSHOP,
        title=later.title,
        starts_at=morning.starts_at,
        ends_at=morning.ends_at,
        capacity=later.capacity,
        venue="Room 2",
    )

    with pytest.raises(SlotTaken) as refused:
        update_event(session, later.id, onto_morning, actor_id=None, now=NOW)

    assert refused.value.field == "starts_at"
    assert "1 delegate holds a place on it and on “Morning”" in refused.value.message
    free_time = replace(onto_morning, starts_at=morning.ends_at, ends_at=later_ends_at)
    assert update_event(session, later.id, free_time, actor_id=None, now=NOW).venue == "Room 2"
