"""Places per organisation: a booking over the event's cap joins the waiting list, saying why,
and is promoted only when the cap allows; people without an organisation are never capped."""

from datetime import timedelta

from sqlalchemy import select

from booking.accounts.models import Sector
from booking.accounts.services import find_or_create_organisation
from booking.bookings.event_changes import update_event
from booking.bookings.places import waitlist_reason
from booking.bookings.services import cancel_booking
from booking.events.editing import EventFields
from booking.models import Booking, BookingStatus
from tests.factories import NOW, book


def _of(session, person, organisation: str, sector=Sector.SCHOOL):
    person.organisation = find_or_create_organisation(session, organisation, sector)
    session.flush()
    return person


def _book(session, event, person, minutes: int = 0):
    return book(
        session, event_id=event.id, person_id=person.id, now=NOW + timedelta(minutes=minutes)
    )


def test_a_third_place_for_one_school_waits_saying_why(session, make):
    event = make.event(capacity=10, places_per_organisation=2)
    school = [_of(session, make.user(), "Ormesby Primary School") for _ in range(3)]
    bookings = [_book(session, event, p, i) for i, p in enumerate(school)]
    assert [b.status for b in bookings] == [BookingStatus.CONFIRMED] * 2 + [
        BookingStatus.WAITLISTED
    ]
    assert (
        waitlist_reason(session, bookings[2]) == "Your school already has 2 places on this course"
    )
    assert waitlist_reason(session, bookings[0]) is None


def test_other_organisations_book_past_someone_held_back_by_the_cap(session, make):
    event = make.event(capacity=10, places_per_organisation=1)
    first = _of(session, make.user(), "Ormesby Primary School")
    second = _of(session, make.user(), "Ormesby Primary School")
    police = _of(session, make.user(), "Cleveland Police", Sector.POLICE)
    _book(session, event, first, 0)
    held_back = _book(session, event, second, 1)
    other = _book(session, event, police, 2)
    assert held_back.status == BookingStatus.WAITLISTED
    assert other.status == BookingStatus.CONFIRMED
    assert waitlist_reason(session, held_back) == "Your school already has 1 place on this course"


def test_the_reason_names_an_organisation_that_is_not_a_school(session, make):
    event = make.event(capacity=10, places_per_organisation=1)
    a, b = (_of(session, make.user(), "Cleveland Police", Sector.POLICE) for _ in range(2))
    _book(session, event, a)
    waiting = _book(session, event, b, 1)
    assert (
        waitlist_reason(session, waiting) == "Your organisation already has 1 place on this course"
    )


def test_people_without_an_organisation_are_never_capped(session, make):
    event = make.event(capacity=10, places_per_organisation=1)
    people = [make.user() for _ in range(3)]
    for person in people:
        person.organisation = None
    session.flush()
    assert all(
        _book(session, event, p, i).status == BookingStatus.CONFIRMED for i, p in enumerate(people)
    )


def test_promotion_skips_those_held_back_by_the_cap_and_keeps_their_place(session, make):
    event = make.event(capacity=2, places_per_organisation=1)
    school = [_of(session, make.user(), "Ormesby Primary School") for _ in range(2)]
    nurse = _of(session, make.user(), "Ormesby Health Centre", Sector.HEALTH)
    police = _of(session, make.user(), "Cleveland Police", Sector.POLICE)
    first = _book(session, event, school[0], 0)
    _book(session, event, police, 1)
    held_back = _book(session, event, school[1], 2)  # full, and over the cap
    later = _book(session, event, nurse, 3)  # full
    # the police place is freed: the school is at its cap, so the nurse behind takes it
    police_booking = next(b for b in _bookings(session, event) if b.person_id == police.id)
    cancel_booking(session, booking_id=police_booking.id, person_id=None, now=NOW)
    session.refresh(held_back)
    session.refresh(later)
    assert held_back.status == BookingStatus.WAITLISTED
    assert later.status == BookingStatus.CONFIRMED
    # the school's own place is freed: the one held back is now first and under the cap
    cancel_booking(session, booking_id=first.id, person_id=None, now=NOW)
    session.refresh(held_back)
    assert held_back.status == BookingStatus.CONFIRMED


def _bookings(session, event):
    return session.scalars(select(Booking).where(Booking.event_id == event.id)).all()


def test_raising_the_cap_promotes_those_it_held_back(session, make):
    event = make.event(capacity=5, places_per_organisation=1)
    a, b = (_of(session, make.user(), "Ormesby Primary School") for _ in range(2))
    _book(session, event, a)
    waiting = _book(session, event, b, 1)
    fields = EventFields(
        kind=event.kind,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        capacity=5,
        places_per_organisation=2,
    )
    update_event(session, event.id, fields, actor_id=None, now=NOW)
    session.refresh(waiting)
    assert waiting.status == BookingStatus.CONFIRMED
