"""A conference and its workshops: one workshop per time slot, each with its own capacity."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.bookings.services import cancel_booking
from booking.core.errors import NotBookable, SlotTaken
from booking.models import Booking, BookingStatus, EventKind
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


def _delegate(session, make, conference):
    person = make.user()
    book(session, event_id=conference.id, person_id=person.id, now=NOW)
    return person


def test_a_delegate_chooses_one_workshop_per_time_slot(session, make, conference):
    event, workshops = conference
    person = _delegate(session, make, event)
    morning = book(session, event_id=workshops["be_strong"].id, person_id=person.id, now=NOW)
    afternoon = book(session, event_id=workshops["lego"].id, person_id=person.id, now=NOW)
    assert morning.status == afternoon.status == BookingStatus.CONFIRMED
    with pytest.raises(SlotTaken, match="already chosen"):
        book(session, event_id=workshops["thinkuknow"].id, person_id=person.id, now=NOW)


def test_workshops_need_a_confirmed_conference_place(session, make, conference):
    _event, workshops = conference
    with pytest.raises(NotBookable, match="Book a place on the conference"):
        book(session, event_id=workshops["lego"].id, person_id=make.user().id, now=NOW)


def test_each_workshop_has_its_own_waiting_list(session, make, conference):
    event, workshops = conference
    first, second = _delegate(session, make, event), _delegate(session, make, event)
    book(session, event_id=workshops["thinkuknow"].id, person_id=first.id, now=NOW)
    waiting = book(session, event_id=workshops["thinkuknow"].id, person_id=second.id, now=NOW)
    assert waiting.status == BookingStatus.WAITLISTED


def test_cancelling_the_conference_cancels_workshops_and_promotes_others(session, make, conference):
    event, workshops = conference
    leaver, stayer = _delegate(session, make, event), _delegate(session, make, event)
    conference_place = session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.person_id == leaver.id)
    ).one()
    leaver_workshop = book(
        session, event_id=workshops["thinkuknow"].id, person_id=leaver.id, now=NOW
    )
    stayer_workshop = book(
        session, event_id=workshops["thinkuknow"].id, person_id=stayer.id, now=NOW
    )
    promoted = cancel_booking(session, booking_id=conference_place.id, person_id=leaver.id, now=NOW)
    assert leaver_workshop.status == BookingStatus.CANCELLED
    assert stayer_workshop.status == BookingStatus.CONFIRMED
    assert stayer_workshop in promoted
