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
from booking.models import Booking, BookingStatus, User
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


# A rush through the whole app: 8 clients from one school and 8 from others, in 4 processes.
RUSH_PROCESSES = 4
RUSH_SCHOOL = 8
RUSH_OTHERS = 8
RUSH_CAPACITY = 6
RUSH_CAP = 2
RUSH_PASSWORD = "organisation cap rush password"


def _arrange_rush(database_url):
    from booking.accounts.passwords import hash_password
    from booking.cli import upgrade_database
    from booking.core.clock import utcnow
    from booking.db import make_engine, make_sessions
    from booking.models import Event, EventKind, EventStatus, User

    upgrade_database(database_url)
    engine = make_engine(database_url)
    writer = make_sessions(engine).writer
    now, password_hash = utcnow(), hash_password(RUSH_PASSWORD)
    with writer() as session:
        event = Event(
            kind=EventKind.TRAINING_DAY,
            title="Rush",
            capacity=RUSH_CAPACITY,
            places_per_organisation=RUSH_CAP,
            status=EventStatus.PUBLISHED,
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=6),
            created_at=now,
            updated_at=now,
        )
        school = find_or_create_organisation(session, "Ormesby Primary School", Sector.SCHOOL)
        people = [
            User(
                email=f"rush{i}@example.org",
                name=f"Person {i}",
                password_hash=password_hash,
                email_confirmed_at=now,
                created_at=now,
                organisation=school
                if i < RUSH_SCHOOL
                else find_or_create_organisation(session, f"Setting {i}", Sector.HEALTH),
            )
            for i in range(RUSH_SCHOOL + RUSH_OTHERS)
        ]
        session.add_all([event, *people])
        session.commit()
        return engine, writer, event.id, [p.email for p in people], school.id


def _rush_in_process(database_url, emails, event_id, start, results):
    from booking import create_app
    from tests.conftest import app_config
    from tests.factories import CHEAP_HASHING
    from tests.web_client import WebClient

    app = create_app(app_config(DATABASE_URL=database_url, PASSWORD_HASH_COSTS=CHEAP_HASHING))
    clients = []
    for email in emails:
        client = WebClient(app)
        client.sign_in(email, RUSH_PASSWORD)
        clients.append((client, client.csrf(f"/events/{event_id}")))
    start.wait(timeout=60)
    statuses = [
        client.post(f"/events/{event_id}/book", {"csrf_token": token}, csrf=False).status_code
        for client, token in clients
    ]
    results.put(statuses)


def test_a_rush_from_one_school_never_exceeds_its_cap_nor_the_capacity(database_url):
    import multiprocessing

    engine, writer, event_id, emails, school_id = _arrange_rush(database_url)
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(
            target=_rush_in_process,
            args=(database_url, emails[i::RUSH_PROCESSES], event_id, start, results),
        )
        for i in range(RUSH_PROCESSES)
    ]
    for worker in workers:
        worker.start()
    start.set()
    outcomes = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    assert all(status == 302 for statuses in outcomes for status in statuses)
    with writer() as session:
        rows = session.execute(
            select(Booking.status, User.organisation_id)
            .join(User, User.id == Booking.person_id)
            .where(Booking.event_id == event_id)
        ).all()
        confirmed = [org for status, org in rows if status == BookingStatus.CONFIRMED]
        assert len(rows) == RUSH_SCHOOL + RUSH_OTHERS
        assert len(confirmed) == RUSH_CAPACITY  # others filled what the school could not take
        assert confirmed.count(school_id) == RUSH_CAP
    engine.dispose()
