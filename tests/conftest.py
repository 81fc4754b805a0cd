"""Fixtures shared by the suite: one database per test on SQLite and on PostgreSQL.

PostgreSQL tests use ``TEST_DATABASE_URL`` (default: the local server at 127.0.0.1:5432) and
create and drop their own database there; without a reachable server they are skipped with the
reason shown (CI turns skips into failures).
"""

import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from booking.accounts.passwords import configure_password_hashing
from booking.config import PARTNERSHIP
from booking.db import make_engine, make_sessions
from booking.models import Base
from tests.factories import CHEAP_HASHING, Factory
from tests.locks import empty
from tests.web_client import WebClient

configure_password_hashing(**CHEAP_HASHING)
# The run writes nothing into the checkout: Hypothesis keeps its files in the temporary folder
# and no example database (pytest's cache is off too, in pyproject.toml).
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "booking-tests-hypothesis")
settings.register_profile("booking", database=None)
settings.load_profile("booking")

DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _pg_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_ADMIN_URL)


@contextmanager
def fresh_postgres_database():
    """Create a uniquely named database on the test server; drop it afterwards."""
    admin_url = make_url(_pg_admin_url())
    admin = create_engine(admin_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"booking_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure to reach the server means "absent"
        admin.dispose()
        pytest.skip(f"PostgreSQL is not reachable at {admin_url.render_as_string()}: {error}")
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL database shared by this run's tests (emptied after each)."""
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_engine(postgres_url):
    engine = make_engine(postgres_url)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The URL of an empty database, on each backend in turn (schema not created)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
    else:
        with fresh_postgres_database() as url:
            yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """An engine on a database with the schema, empty, on each backend in turn."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        Base.metadata.create_all(engine)
        yield engine
        engine.dispose()
    else:
        engine = request.getfixturevalue("postgres_engine")
        yield engine
        empty(engine)


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    """A writer session (BEGIN IMMEDIATE on SQLite), as the web layer uses for POSTs."""
    with make_sessions(engine).writer() as session:
        yield session


@pytest.fixture
def make(session) -> Factory:
    return Factory(session)


def app_config(**overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "BASE_URL": "https://training.example.org",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "PASSWORD_HASH_COSTS": CHEAP_HASHING,
        "DEMO": False,
        # The partnership's details, which production must be given (the demo's made-up ones).
        **{setting: demo_value for setting, (_, demo_value) in PARTNERSHIP.items()},
    }
    config.update(overrides)
    return config


@pytest.fixture
def app(engine):
    from booking import create_app

    return create_app(app_config(ENGINE=engine))


@pytest.fixture
def client(app):
    return WebClient(app)


@pytest.fixture
def db(app):
    """A session on the app's database for arranging data (commit before requests) and
    inspecting it (``db.rollback()`` first, to see what requests wrote). In a transaction, as
    the app writes (the app's readers run in autocommit on PostgreSQL)."""
    with sessionmaker(app.config["ENGINE"], expire_on_commit=False)() as session:
        yield session


@pytest.fixture
def given(db) -> Factory:
    """The factory for web tests, on the app's database."""
    return Factory(db)


def pytest_collection_modifyitems(config, items):
    """Remember that CI wants no skips (see pytest_runtest_makereport)."""
    config._booking_fail_on_skip = os.environ.get("BOOKING_FAIL_ON_SKIP") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (BOOKING_FAIL_ON_SKIP=1) a skipped test is a failed test: machinery is missing."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and item.config._booking_fail_on_skip and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which must run every test: {report.longrepr}"
