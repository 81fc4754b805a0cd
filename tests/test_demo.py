"""The demo content loads on both databases and shows what a newcomer should see."""

from sqlalchemy import select

from booking import demo
from booking.catalogue.listing import CatalogueFilters, list_events
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
    assert any(e.ends_at < NOW for e in events), "some events are past"
    listed = list_events(session, CatalogueFilters(), now=NOW, per_page=100).listings
    assert any(item.places_left == 0 for item in listed), "some events are full"
    accounts = {u.email for u in session.scalars(select(User).where(User.is_demo))}
    assert {a.email for a in demo.ACCOUNTS} <= accounts
    assert "demo-password" in demo.accounts_text()
