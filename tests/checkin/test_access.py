"""Who works an event's door: organisers, its trainers, a conference's trainers at its
workshops; never someone whose trainer role was taken away."""

from datetime import timedelta

import pytest

from booking.accounts.models import Role
from booking.bookings.needs import event_needs
from booking.checkin.access import door_event
from booking.core.errors import NotAllowed, NotFound
from booking.events.models import EventKind, EventStatus
from tests.factories import NOW


def test_the_door_is_its_trainers_and_the_organisers(session, make):
    conference = make.event(kind=EventKind.CONFERENCE, hours=8)
    workshop = make.event(parent=conference, starts_at=conference.starts_at, hours=1)
    theirs, other = make.user(role=Role.TRAINER), make.user(role=Role.TRAINER)
    organiser = make.user(role=Role.ORGANISER)
    conference.trainers = [theirs]
    session.flush()

    def works(person, event):
        try:
            door_event(session, event_id=event.id, person_id=person.id, role=person.role)
        except NotAllowed:
            return False
        return True

    assert works(theirs, conference) and works(theirs, workshop)
    assert not works(other, conference) and not works(other, workshop)
    assert works(organiser, workshop)
    with pytest.raises(NotFound):
        door_event(session, event_id=10**6, person_id=organiser.id, role=organiser.role)


def test_a_draft_has_no_door(session, make):
    draft = make.event(status=EventStatus.DRAFT)
    organiser = make.user(role=Role.ORGANISER)
    with pytest.raises(NotFound):
        door_event(session, event_id=draft.id, person_id=organiser.id, role=organiser.role)


def test_a_trainer_whose_role_was_taken_away_loses_the_door_and_the_needs(session, make):
    event = make.event(starts_in=timedelta(hours=-1))
    former = make.user(role=Role.TRAINER)
    event.trainers = [former]
    former.role = Role.PROFESSIONAL
    session.flush()

    with pytest.raises(NotAllowed):
        door_event(session, event_id=event.id, person_id=former.id, role=former.role)
    with pytest.raises(NotAllowed):
        event_needs(session, event_id=event.id, viewer_id=former.id, is_organiser=False, now=NOW)
