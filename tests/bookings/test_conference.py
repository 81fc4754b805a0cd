"""A conference and its workshops: chosen in one step, one per time slot, each workshop with its
own capacity and waiting list, and one ticket, email and calendar entry for the delegate."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from booking.bookings.services import book_place, cancel_booking
from booking.bookings.workshops import choose_workshops, time_slots, workshop_choices
from booking.core.errors import NotBookable, NotFound, SlotTaken
from booking.models import (
    Booking,
    BookingStatus,
    EventKind,
    MessageStatus,
    OutboxMessage,
    User,
)
from tests.factories import NOW, book


@pytest.fixture
def conference(make):
    conference = make.event(kind=EventKind.CONFERENCE, capacity=50, hours=8)
    morning = conference.starts_at + timedelta(hours=1)
    afternoon = conference.starts_at + timedelta(hours=4)
    workshops = {
        "thinkuknow": make.event(parent=conference, starts_at=morning, hours=1.5, capacity=1),
        "be_strong": make.event(parent=conference, starts_at=morning, hours=1.5, capacity=5),
        "lego": make.event(parent=conference, starts_at=afternoon, hours=1.5, capacity=5),
    }
    return conference, workshops


def _delegate(session, make, conference) -> Booking:
    """A new person with a confirmed place on the conference: their conference booking."""
    return book(session, event_id=conference.id, person_id=make.user().id, now=NOW)


def _choose(session, place: Booking, *workshops, now=NOW):
    return choose_workshops(
        session,
        booking_id=place.id,
        person_id=place.person_id,
        choices={w.id for w in workshops},
        now=now,
    )


def _workshop_bookings(session, place: Booking) -> dict[str, BookingStatus]:
    rows = session.execute(
        select(Booking).where(Booking.person_id == place.person_id, Booking.id != place.id)
    ).scalars()
    return {b.event.title: b.status for b in rows}


def _emails(session, place: Booking) -> list[str]:
    return list(
        session.scalars(
            select(OutboxMessage.kind)
            .where(OutboxMessage.booking_id == place.id)
            .order_by(OutboxMessage.id)
        )
    )


def test_time_slots_group_workshops_whose_times_overlap():
    at = NOW.replace(hour=9)

    def timed(title, start, hours):
        starts = at + timedelta(hours=start)
        return SimpleNamespace(
            title=title, starts_at=starts, ends_at=starts + timedelta(hours=hours)
        )

    slots = time_slots(
        [
            timed("late", 5, 1),
            timed("a", 1, 2),
            timed("b", 2, 2),  # overlaps a: the same slot, which now runs to 4
            timed("c", 3.5, 1),  # overlaps b
            timed("touching", 6, 1),  # starts as "late" ends: a slot of its own
        ]
    )
    assert [[w.title for w in slot.workshops] for slot in slots] == [
        ["a", "b", "c"],
        ["late"],
        ["touching"],
    ]
    assert (slots[0].starts_at, slots[0].ends_at) == (
        at + timedelta(hours=1),
        at + timedelta(hours=4.5),
    )


def test_the_choices_page_offers_one_slot_per_time_with_places(session, make, conference):
    event, workshops = conference
    place = _delegate(session, make, event)
    slots = workshop_choices(session, place)
    assert [[c.workshop.title for c in slot.workshops] for slot in slots] == [
        sorted([workshops["thinkuknow"].title, workshops["be_strong"].title]),
        [workshops["lego"].title],
    ]


def test_a_delegate_chooses_a_workshop_in_each_slot_in_one_step(session, make, conference):
    event, workshops = conference
    place = _delegate(session, make, event)
    chosen = _choose(session, place, workshops["be_strong"], workshops["lego"])
    assert chosen.changed and chosen.waiting == ()
    assert _workshop_bookings(session, place) == {
        workshops["be_strong"].title: BookingStatus.CONFIRMED,
        workshops["lego"].title: BookingStatus.CONFIRMED,
    }


def test_two_workshops_at_the_same_time_are_refused_and_nothing_changes(session, make, conference):
    event, workshops = conference
    place = _delegate(session, make, event)
    with pytest.raises(SlotTaken, match="are at the same time"):
        _choose(session, place, workshops["be_strong"], workshops["thinkuknow"])
    assert _workshop_bookings(session, place) == {}


def test_changing_a_choice_moves_the_place_and_the_waiting_list(session, make, conference):
    event, workshops = conference
    first, second = _delegate(session, make, event), _delegate(session, make, event)
    _choose(session, first, workshops["thinkuknow"])
    queued = _choose(session, second, workshops["thinkuknow"])
    assert queued.waiting == ((workshops["thinkuknow"].title, 1),)
    _choose(session, first, workshops["be_strong"])  # the same slot, no cancelling first
    assert _workshop_bookings(session, first) == {
        workshops["thinkuknow"].title: BookingStatus.CANCELLED,
        workshops["be_strong"].title: BookingStatus.CONFIRMED,
    }
    assert _workshop_bookings(session, second) == {
        workshops["thinkuknow"].title: BookingStatus.CONFIRMED
    }


def test_an_unchanged_choice_keeps_its_place_in_the_queue(session, make, conference):
    event, workshops = conference
    first, second = _delegate(session, make, event), _delegate(session, make, event)
    _choose(session, first, workshops["thinkuknow"])
    _choose(session, second, workshops["thinkuknow"])
    queued_at = session.scalars(
        select(Booking.queued_at).where(
            Booking.person_id == second.person_id, Booking.id != second.id
        )
    ).one()
    again = _choose(session, second, workshops["thinkuknow"], workshops["lego"])
    assert again.waiting == ()
    assert (
        session.scalars(
            select(Booking.queued_at).where(
                Booking.person_id == second.person_id,
                Booking.event_id == workshops["thinkuknow"].id,
            )
        ).one()
        == queued_at
    )


def _all_sent(session) -> None:
    for message in session.scalars(select(OutboxMessage)):
        message.status = MessageStatus.SENT


def test_one_email_per_change_and_the_calendar_sequence_rises(session, make, conference):
    event, workshops = conference
    first, second = _delegate(session, make, event), _delegate(session, make, event)
    assert first.sequence == 0
    _choose(session, first, workshops["thinkuknow"], workshops["lego"])
    assert first.sequence == 1
    assert _emails(session, first) == ["booking_confirmed"]  # not sent yet: it lists them
    _all_sent(session)
    _choose(session, second, workshops["thinkuknow"])  # onto the waiting list
    _choose(session, first, workshops["thinkuknow"], workshops["lego"])  # nothing changes
    assert first.sequence == 1 and len(_emails(session, first)) == 1
    _choose(session, first)  # no workshops: the place goes to the second delegate
    assert first.sequence == 2
    assert _emails(session, first) == ["booking_confirmed", "workshops_changed"]
    assert _emails(session, second) == ["booking_confirmed", *["workshops_changed"] * 2]
    no_workshop_emails = select(OutboxMessage).where(
        OutboxMessage.event_id.in_([w.id for w in workshops.values()])
    )
    assert session.scalars(no_workshop_emails).all() == []


def test_workshops_are_chosen_not_booked_one_by_one(session, make, conference):
    event, workshops = conference
    place = _delegate(session, make, event)
    with pytest.raises(NotBookable, match="choose its workshops"):
        book_place(session, event_id=workshops["lego"].id, person_id=place.person_id, now=NOW)


def test_workshops_need_a_confirmed_conference_place(session, make, conference):
    event, workshops = conference
    event.capacity = 1
    _delegate(session, make, event)
    waiting = _delegate(session, make, event)
    assert waiting.status == BookingStatus.WAITLISTED
    with pytest.raises(NotBookable, match="Book a place on the conference"):
        _choose(session, waiting, workshops["lego"])


def test_choices_close_when_the_conference_starts(session, make, conference):
    event, workshops = conference
    place = _delegate(session, make, event)
    with pytest.raises(NotBookable, match="has started"):
        _choose(session, place, workshops["lego"], now=event.starts_at)


def test_only_the_holder_chooses_and_only_this_conferences_workshops(session, make, conference):
    event, workshops = conference
    place = _delegate(session, make, event)
    with pytest.raises(NotFound):
        choose_workshops(
            session, booking_id=place.id, person_id=make.user().id, choices=set(), now=NOW
        )
    elsewhere = make.event()
    with pytest.raises(NotFound):
        _choose(session, place, elsewhere)


def test_cancelling_the_conference_cancels_workshops_and_promotes_others(session, make, conference):
    event, workshops = conference
    leaver, stayer = _delegate(session, make, event), _delegate(session, make, event)
    _choose(session, leaver, workshops["thinkuknow"])
    _choose(session, stayer, workshops["thinkuknow"])
    promoted = cancel_booking(session, booking_id=leaver.id, person_id=leaver.person_id, now=NOW)
    assert _workshop_bookings(session, leaver) == {
        workshops["thinkuknow"].title: BookingStatus.CANCELLED
    }
    assert [b.event_id for b in promoted] == [workshops["thinkuknow"].id]
    assert _emails(session, leaver)[-1] == "booking_cancelled"


def test_a_delegate_gets_one_reminder_for_the_conference_not_one_per_workshop(session, make):
    from booking.bookings.scheduling import schedule_reminders

    event = make.event(kind=EventKind.CONFERENCE, starts_in=timedelta(days=1), hours=8)
    workshop = make.event(parent=event, starts_at=event.starts_at, hours=1)
    place = _delegate(session, make, event)
    _choose(session, place, workshop)
    assert schedule_reminders(session, now=NOW) == 1
    assert _emails(session, place)[-1] == "reminder"


def test_a_trainer_cannot_choose_the_workshop_they_run(session, make, conference):
    from booking.core.errors import OwnCourse

    event, workshops = conference
    place = _delegate(session, make, event)
    workshops["lego"].trainers.append(session.get(User, place.person_id))
    session.flush()
    with pytest.raises(OwnCourse):
        _choose(session, place, workshops["lego"])
    _choose(session, place, workshops["be_strong"])  # another workshop is fine
