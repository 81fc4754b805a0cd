"""The demo content loads on both databases and shows what a newcomer should see."""

from sqlalchemy import select

from booking import demo
from booking.bookings.places import confirmed_places
from booking.bookings.workshops import time_slots
from booking.catalogue.listing import CatalogueFilters, list_events
from booking.core.clock import utcnow
from booking.events.rules import places_left
from booking.models import Event, EventKind, User
from tests.factories import NOW


def test_demo_content_covers_the_partnerships_programme(session):
    demo.load(session, now=NOW)
    events = session.scalars(select(Event)).all()
    titles = [e.title for e in events]
    assert titles.count("E-safety training day") == 3
    assert titles.count("Reflective e-safety session for foster carers") == 2
    (conference,) = [e for e in events if e.kind == EventKind.CONFERENCE]
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
