"""The same feedback link sent from two processes at once, through the whole app, on SQLite and
PostgreSQL: one response is stored, one sender is thanked and the other told it has already
given feedback; no 5xx."""

import multiprocessing
from datetime import timedelta

from sqlalchemy import func, select

from booking.cli import upgrade_database
from booking.core.clock import utcnow
from booking.db import make_engine, make_sessions
from booking.feedback.links import feedback_token
from booking.feedback.models import FeedbackResponse
from booking.models import Role
from tests.factories import Factory
from tests.feedback.helpers import add_form, check_in, good_answers

SENDERS = 2


def _send_in_process(database_url, url, answers, start, results):
    from booking import create_app
    from tests.conftest import app_config
    from tests.web_client import WebClient

    client = WebClient(create_app(app_config(DATABASE_URL=database_url)))
    token = client.csrf(url)
    start.wait(timeout=60)
    response = client.post(url, answers | {"csrf_token": token, "given": ""}, csrf=False)
    results.put((response.status_code, response.get_data(as_text=True)))


def _arrange(database_url):
    upgrade_database(database_url)
    engine = make_engine(database_url)
    with make_sessions(engine).writer() as session:
        make = Factory(session)
        event = make.event(starts_at=utcnow() - timedelta(days=1))
        form = add_form(session, event)
        booking = make.booking(event)
        check_in(session, booking, make.user(role=Role.TRAINER).id)
        session.commit()
        url = f"/feedback/{feedback_token('test-secret', booking)}"
        return engine, url, good_answers(form)


def test_one_link_sent_twice_at_once_makes_one_response(database_url):
    engine, url, answers = _arrange(database_url)
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=_send_in_process, args=(database_url, url, answers, start, results))
        for _ in range(SENDERS)
    ]
    for worker in workers:
        worker.start()
    start.set()
    outcomes = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    (told, told_page), (thanked, _page) = outcomes
    assert (told, thanked) == (200, 302)
    assert "You have already given feedback — you can change it until" in told_page
    with make_sessions(engine).reader() as session:
        assert session.scalar(select(func.count()).select_from(FeedbackResponse)) == 1
    engine.dispose()
