"""A workshop's news reaches its delegate in their conference booking's update, and only
while that booking is live: a workshop booking left without one (which choosing never makes)
sends nothing and does not stop the organiser's change."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.bookings.event_changes import update_event
from booking.bookings.services import cancel_booking
from booking.bookings.workshops import choose_workshops
from booking.events.editing import EventFields
from booking.models import Booking, BookingStatus, EventKind, OutboxMessage
from tests.factories import NOW, book


@pytest.fixture
def workshop(make):
    conference = make.event(kind=EventKind.CONFERENCE, capacity=50, hours=8)
    starts_at = conference.starts_at + timedelta(hours=1)
    return make.event(parent=conference, starts_at=starts_at, hours=1, capacity=1)


def _move_to_room_2(session, workshop) -> None:
    fields = EventFields(
        kind=EventKind.WORKSHOP,
        title=workshop.title,
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
        capacity=workshop.capacity,
        venue="Room 2",
    )
    update_event(session, workshop.id, fields, actor_id=None, now=NOW)


def _emails_to(session, person_id: int) -> list[str]:
    return list(
        session.scalars(select(OutboxMessage.kind).where(OutboxMessage.user_id == person_id))
    )


def test_a_cancelled_conference_booking_is_not_told_its_workshops_changed(session, make, workshop):
    place = book(session, event_id=workshop.parent_id, person_id=make.user().id, now=NOW)
    choose_workshops(
        session, booking_id=place.id, person_id=place.person_id, choices={workshop.id}, now=NOW
    )
    place.status = BookingStatus.CANCELLED  # left behind with its workshop still live
    emails, sequence = _emails_to(session, place.person_id), place.sequence

    _move_to_room_2(session, workshop)

    assert _emails_to(session, place.person_id) == emails
    assert place.sequence == sequence


def test_a_workshop_booking_without_a_conference_booking_is_skipped_and_logged(
    session, make, workshop, caplog
):
    orphan = make.booking(workshop, make.user(email="orphan@example.org"))

    with caplog.at_level(logging.WARNING, logger="booking.bookings.notifications"):
        _move_to_room_2(session, workshop)

    assert _emails_to(session, orphan.person_id) == []
    [warning] = [r for r in caplog.records if r.name == "booking.bookings.notifications"]
    assert f"booking {orphan.id}" in warning.getMessage()
    assert "orphan" not in warning.getMessage()


def test_promoting_a_workshop_booking_without_a_conference_booking_still_passes_the_place(
    session, make, workshop
):
    holder = make.booking(workshop)
    orphan = make.booking(workshop, status=BookingStatus.WAITLISTED)

    promoted = cancel_booking(session, booking_id=holder.id, person_id=None, now=NOW)

    assert [booking.id for booking in promoted] == [orphan.id]
    assert session.get(Booking, orphan.id).status == BookingStatus.CONFIRMED
    assert _emails_to(session, orphan.person_id) == []
