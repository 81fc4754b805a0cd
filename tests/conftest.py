"""Fixtures shared by the suite: one database per test on SQLite and on PostgreSQL.

PostgreSQL tests use ``TEST_DATABASE_URL`` (default: the local server at 127.0.0.1:5432) and
create and drop their own database there; without a reachable server they are skipped with the
reason shown (CI turns skips into failures).
"""

import os
import re
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from booking.db import make_engine, session_factories
from booking.models import Base, Booking, BookingStatus, Event, EventKind, EventStatus, Role, User
from booking.services.accounts import configure_password_hashing, hash_password
from booking.services.bookings import new_ticket_token

CHEAP_HASHING = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}
configure_password_hashing(**CHEAP_HASHING)

DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# The start of this hour, not a fixed date: the web tests' requests run on the real clock, so
# events the factory makes relative to NOW (in ten days, by default) must stay in the future
# whenever the suite runs. The app's clock is ahead of NOW by less than an hour when the suite
# starts, and by the length of the run after that.
NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
PASSWORD = "correct horse battery"


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


def _truncate(engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


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
        _truncate(engine)


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    """A writer session (BEGIN IMMEDIATE on SQLite), as the web layer uses for POSTs."""
    _reader, writer = session_factories(engine)
    with writer() as session:
        yield session


class Factory:
    """Builds only what a test needs: add, flush, return."""

    def __init__(self, session):
        self.session = session
        self._count = 0

    def _next(self) -> int:
        self._count += 1
        return self._count

    def user(
        self,
        *,
        name: str | None = None,
        role: Role = Role.PROFESSIONAL,
        email: str | None = None,
        is_demo: bool = False,
        confirmed: bool = True,
    ) -> User:
        n = self._next()
        user = User(
            email=email or f"person{n}@example.org",
            name=name or f"Person {n}",
            job_title="Teacher",
            role=role,
            password_hash=hash_password(PASSWORD),
            is_demo=is_demo,
            email_confirmed_at=NOW if confirmed else None,
            created_at=NOW,
        )
        self.session.add(user)
        self.session.flush()
        return user

    def event(
        self,
        *,
        capacity: int = 10,
        starts_in: timedelta = timedelta(days=10),
        hours: float = 6,
        status: EventStatus = EventStatus.PUBLISHED,
        kind: EventKind = EventKind.TRAINING_DAY,
        parent: Event | None = None,
        title: str | None = None,
        **fields,
    ) -> Event:
        starts_at = fields.pop("starts_at", NOW + starts_in)
        event = Event(
            kind=EventKind.WORKSHOP if parent else kind,
            title=title or f"E-safety training day {self._next()}",
            status=status,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            capacity=capacity,
            created_at=NOW,
            updated_at=NOW,
            parent=parent,
            **fields,
        )
        self.session.add(event)
        self.session.flush()
        return event

    def booking(
        self,
        event: Event,
        person: User | None = None,
        status: BookingStatus = BookingStatus.CONFIRMED,
        queued_at: datetime = NOW,
    ) -> Booking:
        booking = Booking(
            event=event,
            person=person or self.user(),
            status=status,
            ticket_token=new_ticket_token(),
            queued_at=queued_at,
            created_at=queued_at,
            updated_at=queued_at,
        )
        self.session.add(booking)
        self.session.flush()
        return booking


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


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class WebClient:
    """A Flask test client that knows how to fetch a CSRF token and sign in."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()

    def get(self, url, **kwargs):
        return self.http.get(url, **kwargs)

    def csrf(self, url: str = "/sign-in") -> str:
        page = self.http.get(url).get_data(as_text=True)
        match = _CSRF.search(page)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def post(self, url, data=None, *, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.csrf()
        return self.http.post(url, data=data, **kwargs)

    def sign_in(self, email: str, password: str = PASSWORD):
        response = self.post("/sign-in", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response


@pytest.fixture
def db(app):
    """A session on the app's database for arranging data (commit before requests) and
    inspecting it (``db.rollback()`` first, to see what requests wrote)."""
    reader, _writer = app.extensions["sessions"]
    with reader() as session:
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
