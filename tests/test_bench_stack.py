"""The bench's stack baseline (``bench.stack``): the app's signed-in POST path, booking nothing.

Its figure means something only while the route goes through sign-in, the CSRF check and a
commit as a booking POST does, and books nothing; this checks both.
"""

from sqlalchemy import event, func, select

from bench import stack
from booking.models import Booking, OutboxMessage
from tests.web_client import WebClient


def test_the_stack_route_signs_in_checks_csrf_and_commits_without_booking(app, given, db, engine):
    stack.add_route(app)
    person = given.user()
    db.commit()
    client = WebClient(app)
    assert client.post(stack.PATH).location.startswith("/sign-in")
    assert client.post(stack.PATH, csrf=False).status_code == 400
    client.sign_in(person.email)
    commits = []

    def count_commit(connection):
        commits.append(connection)

    event.listen(engine, "commit", count_commit)
    try:
        response = client.post(stack.PATH)
    finally:
        event.remove(engine, "commit", count_commit)

    assert (response.status_code, response.location) == (302, "/events")
    assert len(commits) == 1
    assert "Nothing was booked." in client.get("/events").get_data(as_text=True)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Booking)) == 0
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0
