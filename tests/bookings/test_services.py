"""Booking places, the waiting list, promotion and cancellation."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.bookings.places import waitlist_position
from booking.bookings.services import cancel_booking
from booking.bookings.tickets import find_by_token
from booking.core.errors import AlreadyBooked, NotBookable, NotFound
from booking.models import Booking, BookingStatus, EventStatus
from tests.factories import NOW, book


def test_booking_an_event_with_places_confirms_it(session, make):
    event, person = make.event(capacity=2), make.user()
    booking = book(session, event_id=event.id, person_id=person.id, now=NOW)
    assert booking.status == BookingStatus.CONFIRMED
    assert len(booking.ticket_token) >= 32


def test_booking_a_full_event_joins_the_waiting_list_in_order(session, make):
    event = make.event(capacity=1)
    first, second, third = make.user(), make.user(), make.user()
    book(session, event_id=event.id, person_id=first.id, now=NOW)
    waiting = [
        book(session, event_id=event.id, person_id=p.id, now=NOW + timedelta(minutes=i))
        for i, p in enumerate([second, third], start=1)
    ]
    assert [b.status for b in waiting] == [BookingStatus.WAITLISTED] * 2
    assert [waitlist_position(session, b) for b in waiting] == [1, 2]


def test_booking_twice_is_refused_and_changes_nothing(session, make):
    event, person = make.event(), make.user()
    book(session, event_id=event.id, person_id=person.id, now=NOW)
    with pytest.raises(AlreadyBooked) as raised:
        book(session, event_id=event.id, person_id=person.id, now=NOW)
    assert raised.value.code == "already_booked"
    assert len(session.scalars(select(Booking)).all()) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"starts_in": timedelta(hours=-1)}, "closed"),
        ({"booking_opens_at": NOW + timedelta(days=1)}, "not opened yet"),
        ({"booking_closes_at": NOW - timedelta(minutes=1)}, "closed"),
    ],
)
def test_events_outside_their_booking_window_refuse_bookings(session, make, fields, message):
    event, person = make.event(**fields), make.user()
    with pytest.raises(NotBookable, match=message):
        book(session, event_id=event.id, person_id=person.id, now=NOW)
    assert session.scalars(select(Booking)).all() == []


def test_drafts_cannot_be_booked_and_do_not_admit_they_exist(session, make):
    draft = make.event(status=EventStatus.DRAFT)
    with pytest.raises(NotFound):
        book(session, event_id=draft.id, person_id=make.user().id, now=NOW)


def test_booking_an_unknown_event_is_not_found(session, make):
    with pytest.raises(NotFound):
        book(session, event_id=9999, person_id=make.user().id, now=NOW)


def test_cancelling_a_confirmed_place_promotes_the_head_of_the_waiting_list(session, make):
    event = make.event(capacity=1)
    holder = book(session, event_id=event.id, person_id=make.user().id, now=NOW)
    head = book(
        session, event_id=event.id, person_id=make.user().id, now=NOW + timedelta(minutes=1)
    )
    behind = book(
        session, event_id=event.id, person_id=make.user().id, now=NOW + timedelta(minutes=2)
    )
    promoted = cancel_booking(session, booking_id=holder.id, person_id=holder.person_id, now=NOW)
    assert [b.id for b in promoted] == [head.id]
    assert head.status == BookingStatus.CONFIRMED
    assert holder.status == BookingStatus.CANCELLED
    assert waitlist_position(session, behind) == 1


def test_leaving_the_waiting_list_promotes_nobody(session, make):
    event = make.event(capacity=1)
    book(session, event_id=event.id, person_id=make.user().id, now=NOW)
    waiting = book(session, event_id=event.id, person_id=make.user().id, now=NOW)
    assert (
        cancel_booking(session, booking_id=waiting.id, person_id=waiting.person_id, now=NOW) == []
    )


def test_nobody_can_cancel_someone_elses_booking(session, make):
    event = make.event()
    booking = book(session, event_id=event.id, person_id=make.user().id, now=NOW)
    with pytest.raises(NotFound):
        cancel_booking(session, booking_id=booking.id, person_id=make.user().id, now=NOW)
    assert booking.status == BookingStatus.CONFIRMED


def test_cancelling_twice_is_refused(session, make):
    event = make.event()
    booking = book(session, event_id=event.id, person_id=make.user().id, now=NOW)
    cancel_booking(session, booking_id=booking.id, person_id=booking.person_id, now=NOW)
    with pytest.raises(NotBookable, match="already cancelled"):
        cancel_booking(session, booking_id=booking.id, person_id=booking.person_id, now=NOW)


def test_rebooking_after_cancelling_joins_the_back_of_the_queue_with_a_new_ticket(session, make):
    event = make.event(capacity=1)
    person = make.user()
    booking = book(session, event_id=event.id, person_id=person.id, now=NOW)
    old_token = booking.ticket_token
    cancel_booking(session, booking_id=booking.id, person_id=person.id, now=NOW)
    book(session, event_id=event.id, person_id=make.user().id, now=NOW)
    again = book(session, event_id=event.id, person_id=person.id, now=NOW + timedelta(minutes=5))
    assert again.id == booking.id
    assert again.status == BookingStatus.WAITLISTED
    assert again.ticket_token != old_token
    with pytest.raises(NotFound):
        find_by_token(session, old_token)


def test_newcomers_queue_behind_people_already_waiting(session, make):
    event = make.event(capacity=1)
    make.booking(event, status=BookingStatus.WAITLISTED)  # a place is free, yet someone waits
    newcomer = book(session, event_id=event.id, person_id=make.user().id, now=NOW)
    assert newcomer.status == BookingStatus.WAITLISTED


@pytest.mark.parametrize("token", ["", "x" * 65, "not-a-token", "' OR 1=1 --"])
def test_unknown_or_tampered_tokens_are_not_found(session, make, token):
    make.booking(make.event())
    with pytest.raises(NotFound, match="Ticket not found"):
        find_by_token(session, token)


def test_cancelling_on_a_cancelled_event_promotes_nobody(session, make):
    from booking.bookings.event_changes import cancel_event

    event = make.event(capacity=1)
    holder = book(session, event_id=event.id, person_id=make.user().id, now=NOW)
    waiting = book(session, event_id=event.id, person_id=make.user().id, now=NOW)
    cancel_event(session, event.id, actor_id=None, now=NOW)
    assert cancel_booking(session, booking_id=holder.id, person_id=None, now=NOW) == []
    assert waiting.status == BookingStatus.WAITLISTED
