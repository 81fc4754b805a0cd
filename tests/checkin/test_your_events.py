"""Your events: the events whose doors a person works, today's first, then upcoming, then the
recent past, with their counts; a conference's workshops under it."""

from datetime import timedelta

from booking.accounts.models import Role
from booking.checkin import services
from booking.checkin.models import Via
from booking.checkin.your_events import your_events
from booking.events.models import EventKind, EventStatus
from tests.factories import NOW


def test_a_trainer_sees_their_events_in_order_with_counts(session, make):
    trainer = make.user(role=Role.TRAINER)
    running = make.event(title="Running", starts_in=timedelta(hours=-1))
    soon = make.event(title="Soon", starts_in=timedelta(days=3))
    later = make.event(title="Later", starts_in=timedelta(days=20))
    past = make.event(title="Past", starts_in=timedelta(days=-5))
    older = make.event(title="Older", starts_in=timedelta(days=-9))
    make.event(title="Far ahead", starts_in=timedelta(days=90))
    make.event(title="Long ago", starts_in=timedelta(days=-60))
    make.event(title="Not theirs", starts_in=timedelta(hours=-1))
    make.event(title="Draft", starts_in=timedelta(days=2), status=EventStatus.DRAFT)
    for event in (running, soon, later, past, older):
        event.trainers.append(trainer)
    first = make.booking(running)
    make.booking(running)
    services.check_in(
        session, event=running, booking=first, by_id=trainer.id, now=NOW, via=Via.NAME
    )

    listed = your_events(session, person_id=trainer.id, role=Role.TRAINER, now=NOW)

    assert [e.title for e in listed.today] == ["Running"]
    assert [e.title for e in listed.upcoming] == ["Soon", "Later"]
    assert [e.title for e in listed.recent] == ["Past", "Older"]
    assert listed.today[0].count_text == "2 booked, 1 checked in"
    assert listed.upcoming[0].count_text == "0 booked, 0 checked in"


def test_an_organiser_sees_every_published_event(session, make):
    organiser = make.user(role=Role.ORGANISER)
    make.event(title="One", starts_in=timedelta(days=1))
    make.event(title="Two", starts_in=timedelta(days=2))
    listed = your_events(session, person_id=organiser.id, role=Role.ORGANISER, now=NOW)
    assert [e.title for e in listed.upcoming] == ["One", "Two"]
    nobody = your_events(session, person_id=make.user().id, role=Role.TRAINER, now=NOW)
    assert nobody.empty


def test_a_conference_lists_its_workshops_and_a_workshop_trainer_sees_theirs_alone(session, make):
    conference = make.event(
        title="Conference", kind=EventKind.CONFERENCE, starts_in=timedelta(days=4), hours=8
    )
    workshop = make.event(
        title="Workshop", parent=conference, starts_at=conference.starts_at + timedelta(hours=1)
    )
    conference_trainer = make.user(role=Role.TRAINER)
    workshop_trainer = make.user(role=Role.TRAINER)
    conference.trainers.append(conference_trainer)
    workshop.trainers.append(workshop_trainer)
    make.booking(workshop)
    session.flush()

    whole = your_events(session, person_id=conference_trainer.id, role=Role.TRAINER, now=NOW)
    (listed,) = whole.upcoming
    assert listed.title == "Conference"
    assert [(w.title, w.booked) for w in listed.workshops] == [("Workshop", 1)]

    alone = your_events(session, person_id=workshop_trainer.id, role=Role.TRAINER, now=NOW)
    (only,) = alone.upcoming
    assert (only.title, only.conference_title) == ("Workshop", "Conference")
