"""Conference workshops under concurrent transactions on PostgreSQL: every writer that decides
on a workshop locks its conference first (``lock_event``), so a delegate's choice, a
promotion from a workshop's waiting list and an organiser's change of a workshop take turns,
and each decides on what the one before it committed, not on what its page read before the
lock."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.bookings.event_changes import update_event
from booking.bookings.services import cancel_booking
from booking.bookings.workshops import choose_workshops, workshop_choices
from booking.core.errors import SlotTaken
from booking.db import make_sessions
from booking.events.editing import EventFields
from booking.events.rules import lock_event
from booking.models import Booking, BookingStatus, Event, EventKind
from tests.bookings.test_choosing_review import _statuses
from tests.factories import NOW, Factory, book
from tests.locks import empty, until_a_transaction_waits_on_a_lock


@pytest.fixture
def writer(postgres_engine):
    yield make_sessions(postgres_engine).writer
    empty(postgres_engine)


@pytest.fixture
def full_workshop(writer):
    """A conference whose one-place workshop the holder has, with two delegates queueing."""
    with writer() as session:
        make = Factory(session)
        conference = make.event(kind=EventKind.CONFERENCE, capacity=50, hours=8)
        starts_at = conference.starts_at + timedelta(hours=1)
        workshop = make.event(parent=conference, starts_at=starts_at, hours=1, capacity=1)
        places = {}
        for name in ("holder", "delegate", "next"):
            place = _delegate(session, make, conference, {workshop.id})
            places[name] = (place.id, place.person_id)
        session.commit()
        return {"workshop": workshop.id, **places}


@pytest.fixture
def two_slots(writer):
    """A conference with a morning and an afternoon workshop; the delegate holds the morning's."""
    with writer() as session:
        make = Factory(session)
        conference = make.event(kind=EventKind.CONFERENCE, capacity=50, hours=8)
        morning = conference.starts_at + timedelta(hours=1)
        afternoon = conference.starts_at + timedelta(hours=4)
        first = make.event(parent=conference, starts_at=morning, hours=1, title="Morning")
        later = make.event(parent=conference, starts_at=afternoon, hours=1, title="Later")
        place = _delegate(session, make, conference, {first.id})
        session.commit()
        return {"morning": first.id, "later": later.id, "delegate": (place.id, place.person_id)}


def _delegate(session, make, conference, choices):
    place = book(session, event_id=conference.id, person_id=make.user().id, now=NOW)
    choose_workshops(
        session, booking_id=place.id, person_id=place.person_id, choices=choices, now=NOW
    )
    return place


def _one_more_place(session, workshop_id: int) -> None:
    """The organiser raises the workshop's capacity by one: its waiting list moves."""
    workshop = session.get(Event, workshop_id)
    update_event(session, workshop_id, _fields(workshop, capacity=2), actor_id=None, now=NOW)


def _fields(workshop, **changes) -> EventFields:
    fields = {
        "kind": EventKind.WORKSHOP,
        "title": workshop.title,
        "starts_at": workshop.starts_at,
        "ends_at": workshop.ends_at,
        "capacity": workshop.capacity,
        "venue": "Room 1",
    }
    return EventFields(**(fields | changes))


class Meanwhile:
    """Runs ``work`` in a session of its own on another thread, which must wait for a lock the
    test's transaction holds; ``finish`` lets it go on once that transaction commits."""

    def __init__(self, engine, writer, work):
        self.engine, self.failure = engine, None
        self.thread = threading.Thread(target=self._run, args=(writer, work))
        self.thread.start()
        until_a_transaction_waits_on_a_lock(engine)

    def _run(self, writer, work):
        try:
            with writer() as session:
                work(session)
                session.commit()
        except Exception as failure:  # handed to the test, which asserts on it
            self.failure = failure

    def finish(self, holder) -> Exception | None:
        holder.commit()
        holder.close()
        self.thread.join(timeout=10)
        return self.failure


def _drop_all(booking_id: int, person_id: int):
    def work(session):
        workshop_choices(session, session.get(Booking, booking_id))  # as the page's POST reads
        choose_workshops(session, booking_id=booking_id, person_id=person_id, choices=(), now=NOW)

    return work


def test_a_promotion_waits_for_a_delegate_leaving_its_waiting_list(
    postgres_engine, writer, full_workshop
):
    booking_id, person_id = full_workshop["delegate"]
    holder = writer()
    choose_workshops(holder, booking_id=booking_id, person_id=person_id, choices=(), now=NOW)

    raising = Meanwhile(
        postgres_engine, writer, lambda s: _one_more_place(s, full_workshop["workshop"])
    )

    assert raising.finish(holder) is None
    with writer() as session:
        statuses = _statuses(session, full_workshop["workshop"])
        assert statuses[person_id] == BookingStatus.CANCELLED
        assert session.get(
            Booking, _booking_on(session, full_workshop, "delegate")
        ).left_waiting_list
        assert statuses[full_workshop["next"][1]] == BookingStatus.CONFIRMED


def test_dropping_a_workshop_waits_for_a_promotion_onto_it_and_passes_the_place_on(
    postgres_engine, writer, full_workshop
):
    holder = writer()
    _one_more_place(holder, full_workshop["workshop"])  # promotes the delegate, uncommitted

    dropping = Meanwhile(postgres_engine, writer, _drop_all(*full_workshop["delegate"]))

    assert dropping.finish(holder) is None
    with writer() as session:
        statuses = _statuses(session, full_workshop["workshop"])
        assert statuses[full_workshop["delegate"][1]] == BookingStatus.CANCELLED
        dropped = session.get(Booking, _booking_on(session, full_workshop, "delegate"))
        assert not dropped.left_waiting_list  # they gave up a place, and are told so
        assert statuses[full_workshop["next"][1]] == BookingStatus.CONFIRMED


def test_cancelling_a_conference_waits_for_a_promotion_and_passes_the_place_on(
    postgres_engine, writer, full_workshop
):
    holder = writer()
    _one_more_place(holder, full_workshop["workshop"])
    booking_id, person_id = full_workshop["delegate"]

    cancelling = Meanwhile(
        postgres_engine,
        writer,
        lambda s: cancel_booking(s, booking_id=booking_id, person_id=person_id, now=NOW),
    )

    assert cancelling.finish(holder) is None
    with writer() as session:
        statuses = _statuses(session, full_workshop["workshop"])
        assert statuses[person_id] == BookingStatus.CANCELLED
        assert not session.get(
            Booking, _booking_on(session, full_workshop, "delegate")
        ).left_waiting_list
        assert statuses[full_workshop["next"][1]] == BookingStatus.CONFIRMED


@pytest.mark.parametrize("writing", ["promoting", "cancelling"])
def test_a_writer_on_a_workshop_waits_for_its_conference_lock(
    postgres_engine, writer, full_workshop, writing
):
    holder = writer()
    lock_event(holder, holder.get(Event, full_workshop["workshop"]).parent_id)

    def write(session):
        if writing == "promoting":
            _one_more_place(session, full_workshop["workshop"])
        else:
            booking_id = _booking_on(session, full_workshop, "holder")
            cancel_booking(session, booking_id=booking_id, person_id=None, now=NOW)

    assert Meanwhile(postgres_engine, writer, write).finish(holder) is None


def _booking_on(session, scenario, name) -> int:
    return session.scalar(
        select(Booking.id).where(
            Booking.event_id == scenario["workshop"], Booking.person_id == scenario[name][1]
        )
    )


def test_a_workshop_moved_meanwhile_is_a_clash_for_a_delegate_adding_one_at_its_new_time(
    postgres_engine, writer, two_slots
):
    booking_id, person_id = two_slots["delegate"]
    holder = writer()
    morning, later = holder.get(Event, two_slots["morning"]), holder.get(Event, two_slots["later"])
    onto_later = _fields(morning, starts_at=later.starts_at, ends_at=later.ends_at)
    update_event(holder, morning.id, onto_later, actor_id=None, now=NOW)  # uncommitted

    def add_the_afternoon(session):
        page = workshop_choices(session, session.get(Booking, booking_id))  # as the POST reads
        assert len(page) == 2  # the morning not yet moved
        both = {two_slots["morning"], two_slots["later"]}
        choose_workshops(session, booking_id=booking_id, person_id=person_id, choices=both, now=NOW)

    adding = Meanwhile(postgres_engine, writer, add_the_afternoon)

    assert isinstance(adding.finish(holder), SlotTaken)
    with writer() as session:
        assert _statuses(session, two_slots["later"]) == {}


def test_moving_a_workshop_waits_for_a_delegate_adding_one_at_its_new_time(
    postgres_engine, writer, two_slots
):
    booking_id, person_id = two_slots["delegate"]
    holder = writer()
    both = {two_slots["morning"], two_slots["later"]}
    choose_workshops(holder, booking_id=booking_id, person_id=person_id, choices=both, now=NOW)

    def move_onto_the_afternoon(session):
        morning, later = (session.get(Event, two_slots[name]) for name in ("morning", "later"))
        onto_later = _fields(morning, starts_at=later.starts_at, ends_at=later.ends_at)
        update_event(session, morning.id, onto_later, actor_id=None, now=NOW)

    moving = Meanwhile(postgres_engine, writer, move_onto_the_afternoon)

    assert isinstance(moving.finish(holder), SlotTaken)
