"""The same pupil's page sent from two processes at once, through the whole app, on SQLite and
PostgreSQL: one response is stored and both senders are thanked; no 5xx."""

import multiprocessing

from sqlalchemy import func, select

from booking.cli import upgrade_database
from booking.db import make_engine, make_sessions
from booking.network.models import SurveyResponse
from tests.factories import Factory
from tests.network.survey_helpers import all_yes, open_survey, school_in, token_on

SENDERS = 2


def _send_in_process(database_url, url, answers, start, results):
    from booking import create_app
    from tests.conftest import app_config
    from tests.web_client import WebClient

    client = WebClient(create_app(app_config(DATABASE_URL=database_url)))
    csrf = client.csrf(url)
    start.wait(timeout=60)
    response = client.post(url, answers | {"csrf_token": csrf}, csrf=False)
    results.put(response.status_code)


def _arrange(database_url):
    upgrade_database(database_url)
    engine = make_engine(database_url)
    with make_sessions(engine).writer() as session:
        Factory(session)
        survey = open_survey(session)
        school = school_in(session, survey)
        session.commit()
        return engine, f"/survey/{school.code}", all_yes(survey)


def test_one_page_sent_twice_at_once_stores_one_response(database_url):
    engine, url, answers = _arrange(database_url)
    from booking import create_app
    from tests.conftest import app_config
    from tests.web_client import WebClient

    page = WebClient(create_app(app_config(DATABASE_URL=database_url))).get(url)
    answers = answers | {"token": token_on(page.get_data(as_text=True))}
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=_send_in_process, args=(database_url, url, answers, start, results))
        for _ in range(SENDERS)
    ]
    for worker in workers:
        worker.start()
    start.set()
    statuses = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert statuses == [302, 302]
    with make_sessions(engine).reader() as session:
        assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    engine.dispose()
