"""The demo content loads on both databases and shows what a newcomer should see."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from booking import create_app, demo, demo_door, demo_reach
from booking.bookings.places import confirmed_places
from booking.bookings.workshops import time_slots
from booking.catalogue.listing import CatalogueFilters, list_events
from booking.checkin.door_list import door_count, door_list
from booking.checkin.services import live_check_in, register_closed
from booking.core.clock import utcnow
from booking.core.formatting import LONDON, local
from booking.events.rules import places_left
from booking.feedback.requests import FEEDBACK_WINDOW, schedule_feedback_requests
from booking.models import (
    AuditEntry,
    Booking,
    BookingStatus,
    Event,
    EventKind,
    Organisation,
    OutboxMessage,
    Role,
    Sector,
    User,
)
from tests.conftest import app_config
from tests.factories import NOW
from tests.web_client import WebClient


def test_demo_content_covers_the_partnerships_programme(session):
    demo.load(session, now=NOW)
    events = session.scalars(select(Event)).all()
    titles = [e.title for e in events]
    assert titles.count("E-safety training day") == 3
    assert titles.count("Reflective e-safety session for foster carers") == 2
    (conference,) = [e for e in events if e.kind == EventKind.CONFERENCE and e.starts_at > NOW]
    assert len(conference.workshops) == 9
    slots = time_slots(conference.workshops)
    assert [len(slot.workshops) for slot in slots] == [5, 2, 2], "a few slots to choose in"
    assert any(
        places_left(w.capacity, confirmed_places(session, w.id)) == 0 for w in conference.workshops
    ), "a full workshop, with its waiting list"
    assert any(e.ends_at < NOW for e in events), "some events are past"
    listed = list_events(session, CatalogueFilters(), now=NOW, per_page=100).listings
    assert any(item.places_left == 0 for item in listed), "some events are full"
    accounts = {u.email for u in session.scalars(select(User).where(User.is_demo))}
    assert {a.email for a in demo.ACCOUNTS} <= accounts
    assert "demo-password" in demo.accounts_text()


def test_a_newcomer_finds_the_demos_events_as_they_type_them(client, db):
    demo.load(db, now=utcnow())
    db.commit()
    cafe = client.get("/events?q=cafe").get_data(as_text=True)
    assert "Digital parenting café" in cafe
    simfin = client.get("/events?q=simfin sexting").get_data(as_text=True)
    assert "Digital Resilience and Safeguarding Conference" in simfin
    assert "SIMFIN: sexting and image-sharing in schools" in simfin


def test_todays_event_has_its_trainer_and_people_and_a_few_checked_in(session):
    demo.load(session, now=NOW)
    today = _event(session, demo_door.TODAY_TITLE)
    assert today.starts_at <= NOW < today.ends_at, "its door is open"
    assert local(today.starts_at).date() == local(NOW).date() == local(today.ends_at).date()
    trainer, professional = (_account(session, role) for role in (Role.TRAINER, Role.PROFESSIONAL))
    assert today.trainers == [trainer]
    statuses = _statuses(session, today)
    assert statuses[BookingStatus.CONFIRMED] == today.capacity == 30
    assert (statuses[BookingStatus.CANCELLED], statuses[BookingStatus.WAITLISTED]) == (1, 2)
    people = door_list(session, today)
    names = {person.name for person in people}
    assert {"Siobhán Ní Bhriain", "Łukasz Żółć", "李明", professional.name} <= names
    assert any("O'Connor" in name for name in names - {professional.name})
    assert len({person.organisation for person in people}) > 20
    assert sum(bool(p.access_needs or p.dietary_needs or p.notes_for_trainer) for p in people) > 5
    arrived = [person for person in people if person.checked_in_at]
    assert {person.checked_in_by for person in arrived} == {trainer.name}
    assert door_count(session, today.id).text == "5 of 30 checked in"
    assert professional.name not in {person.name for person in arrived}, "their QR scans green"
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "checkin.check_in"))
    assert {(e.actor_id, e.details["event_id"]) for e in entries} >= {(trainer.id, today.id)}


def test_last_years_conference_has_the_attendance_its_report_counted(session):
    """78 came (5 of them walked in) of 92 booked, from 35 of the register's 63 schools, 2
    post-16 establishments, social care, early help, CAMHS, public health and elected members;
    nobody came from the sectors the report does not name."""
    demo.load(session, now=NOW)
    conference = session.scalars(
        select(Event).where(Event.title == demo_reach.CONFERENCE_TITLE, Event.ends_at < NOW)
    ).one()
    assert NOW - timedelta(days=372) < conference.starts_at < NOW - timedelta(days=356)
    bookings = session.scalars(select(Booking).where(Booking.event_id == conference.id)).all()
    attended = {b.id for b in bookings if live_check_in(session, b.id) is not None}
    assert len([b for b in bookings if not b.walk_in]) == 92
    assert len(attended) == 78
    assert len([b for b in bookings if b.walk_in and b.id in attended]) == 5
    came = [b.person.organisation for b in bookings if b.id in attended]
    by_sector = {}
    for organisation in came:
        by_sector.setdefault(organisation.sector, set()).add(organisation.id)
    assert len(by_sector.pop(Sector.SCHOOL)) == 35
    assert len(by_sector.pop(Sector.POST_16)) == 2
    assert set(by_sector) == {
        Sector.SOCIAL_CARE,
        Sector.EARLY_HELP,
        Sector.CAMHS,
        Sector.PUBLIC_HEALTH,
        Sector.ELECTED_MEMBER,
    }
    schools = select(func.count()).where(Organisation.sector == Sector.SCHOOL)
    assert session.scalar(schools.select_from(Organisation)) == 63
    assert register_closed(session, conference.id)


def test_last_weeks_event_has_check_ins_and_no_shows_and_asks_nobody_how_it_went(session):
    demo.load(session, now=NOW)
    past = _event(session, demo_door.PAST_TITLE)
    assert NOW - timedelta(days=15) < past.ends_at < NOW - FEEDBACK_WINDOW
    assert door_count(session, past.id).text == "13 of 18 checked in"
    assert not register_closed(session, past.id)
    schedule_feedback_requests(session, now=NOW)
    asked = select(OutboxMessage).where(OutboxMessage.event_id == past.id)
    assert session.scalars(asked).all() == []


@pytest.mark.parametrize(
    "clock", ["00:10", "07:00", "10:30", "13:05", "14:30", "15:00", "20:00", "23:50"]
)
def test_todays_event_is_on_today_and_open_whenever_the_demo_is_loaded(clock):
    hour, minute = map(int, clock.split(":"))
    for day in (date(2026, 1, 13), date(2026, 7, 14)):  # winter and summer time
        now = datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)
        starts, ends = demo_door.today_hours(now)
        assert starts.date() == ends.date() == day
        assert starts <= now < ends
        if "10:30" <= clock <= "14:30":
            assert (starts.time(), ends.time()) == (time(9, 30), time(15, 30))


def _event(session, title: str) -> Event:
    return session.scalars(select(Event).where(Event.title == title)).one()


def _account(session, role: Role) -> User:
    email = next(account.email for account in demo.ACCOUNTS if account.role == role)
    return session.scalars(select(User).where(User.email == email)).one()


def _statuses(session, event: Event) -> dict:
    counted = select(Booking.status, func.count()).where(Booking.event_id == event.id)
    return dict(session.execute(counted.group_by(Booking.status)).all())


def test_the_demo_trainer_scans_the_demo_professionals_ticket_at_todays_door(engine):
    app = create_app(app_config(ENGINE=engine, DEMO=True))
    with app.extensions["sessions"].writer() as session:
        demo.load(session, now=utcnow())
        session.commit()
        today = _event(session, demo_door.TODAY_TITLE)
        professional = _account(session, Role.PROFESSIONAL)
        ticket = session.scalars(
            select(Booking.ticket_token).where(
                Booking.event_id == today.id, Booking.person_id == professional.id
            )
        ).one()
    trainer = WebClient(app)
    trainer.sign_in("trainer@demo.example", demo.DEMO_PASSWORD)
    assert demo_door.TODAY_TITLE in trainer.get("/your-events").get_data(as_text=True)
    page = trainer.get(f"/door/{today.id}").get_data(as_text=True)
    assert "5 of 30 checked in" in page and "Siobhán Ní Bhriain" in page
    token = trainer.get("/door/csrf-token").get_json()["csrf_token"]
    answer = trainer.http.post(
        f"/door/{today.id}/scans",
        json={"code": f"http://127.0.0.1:5000/t/{ticket}"},
        headers={"X-CSRFToken": token},
    ).get_json()
    assert (answer["outcome"], answer["checked_in"]) == ("checked_in", 6)
    assert answer["message"] == "Checked in: Siobhán O'Connor, Cherwell Valley Primary School"
