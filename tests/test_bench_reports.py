"""The bench's reports measures (``bench.reports``): what it seeds, and the two pages it times,
through the app as the bench requests them, quickly and without timing. Neither page's
statements grow with the data."""

import random

from sqlalchemy import func, select

from bench import reports
from bench.seed import event_row, insert_events
from booking.models import Booking, CheckIn, Event, Organisation, Role, User
from tests.factories import NOW
from tests.statements import statements_sent
from tests.web_client import WebClient


def _seed(given, db, sizes, people: int = 30):
    organiser = given.user(role=Role.ORGANISER)
    person_ids = [given.user().id for _ in range(people)]
    seeded = reports.seed_reports(
        db.connection(),
        organiser.email,
        person_ids,
        random.Random(5),
        NOW,
        event_row,
        insert_events,
        sizes=sizes,
    )
    db.commit()
    return seeded


def _statements(app, client, path) -> int:
    with statements_sent(app.config["ENGINE"]) as sent:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(sent)


def test_the_seed_spreads_people_over_organisations_and_checks_most_in(given, db):
    seeded = _seed(given, db, (20, 6, 120))
    assert db.scalar(select(func.count(Organisation.id)).where(Organisation.name.like("Bench%")))
    assert db.scalar(select(func.count(User.id)).where(User.organisation_id.is_(None))) == 0
    event = db.get(Event, seeded.event_id)
    assert event.ends_at < NOW
    came = db.scalar(select(func.count(CheckIn.id)))
    booked = db.scalar(select(func.count(Booking.id)))
    assert 0.7 * booked < came < booked


def test_the_reports_pages_send_as_many_statements_for_more_data(app, given, db):
    small = _seed(given, db, (5, 2, 10), people=10)
    client = WebClient(app)
    client.sign_in(small.organiser_email)
    event_path = f"/manage/events/{small.event_id}/report"
    before = [_statements(app, client, path) for path in (small.path, event_path)]
    large = _seed(given, db, (60, 12, 300), people=40)
    assert db.scalar(select(func.count(Booking.id)).where(Booking.event_id == large.event_id)) > 10
    after = [
        _statements(app, client, path)
        for path in (large.path, f"/manage/events/{large.event_id}/report")
    ]
    assert before == after
