"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text

from booking.cli import alembic_config, upgrade_database
from booking.db import make_engine
from booking.events.models import Event, event_search_terms
from booking.models import Base, Booking, Organisation, User


def test_migrated_schema_matches_the_models(database_url):
    upgrade_database(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert set(inspect(connection).get_table_names()) >= set(Base.metadata.tables)
    finally:
        engine.dispose()


def test_stored_events_get_the_search_terms_the_model_files(database_url):
    command.upgrade(alembic_config(database_url), "0009")
    engine = make_engine(database_url)
    texts = {"title": "Łódź café", "summary": "Foster care", "description": "Reading"}
    now = datetime(2027, 1, 5, tzinfo=UTC)
    row = {"kind": "conference", "status": "published", "starts_at": now}
    row |= {"ends_at": now + timedelta(hours=1)}
    row |= {"capacity": 1, "sequence": 0, "created_at": now, "updated_at": now}
    workshop = row | {"kind": "workshop", "parent_id": 1}
    events = Event.__table__  # the same columns at 0009
    try:
        with engine.begin() as connection:
            connection.execute(insert(events), {**row, **texts, "id": 1})
            connection.execute(insert(events), {**workshop, "id": 2, "title": "E-safety"})
            connection.execute(
                insert(events), {**workshop, "status": "draft", "id": 3, "title": "Secret"}
            )
        command.upgrade(alembic_config(database_url), "head")
        with engine.connect() as connection:
            filed = connection.execute(select(event_search_terms)).all()
            kept = connection.execute(text("SELECT id, parent_id FROM events ORDER BY id")).all()
        assert [tuple(event) for event in kept] == [(1, None), (2, 1), (3, 1)]
        assert {(term, event, source) for term, event, source in filed} == {
            *((term, 1, 1) for term in ("lodz", "cafe", "lodzcafe", "foster", "care")),
            *((term, 1, 1) for term in ("fostercare", "reading")),
            *((term, 1, 2) for term in ("esafety", "e", "safety")),
        }
        command.downgrade(alembic_config(database_url), "0009")
        with engine.connect() as connection:
            assert "search_terms" not in inspect(connection).get_table_names()
    finally:
        engine.dispose()


def test_downgrading_0014_keeps_events_workshops_and_bookings(database_url):
    """0014 only adds columns to users, organisations, events and bookings: taking them away
    again must not rebuild those tables (on SQLite a rebuild fails on the rows referring to
    them, or its ON DELETE CASCADE takes workshops and bookings with it)."""
    command.upgrade(alembic_config(database_url), "0014")
    engine = make_engine(database_url)
    now = datetime(2027, 1, 5, tzinfo=UTC)
    row = {"kind": "conference", "status": "published", "starts_at": now, "title": "Day"}
    row |= {"ends_at": now + timedelta(hours=8), "capacity": 5, "created_at": now}
    row |= {"updated_at": now, "places_per_organisation": 2, "current_for_years": 3}
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(Organisation.__table__),
                {"id": 1, "name": "Ormesby", "name_key": "ormesby", "sector": "school"},
            )
            connection.execute(
                insert(User.__table__),
                {"id": 1, "email": "a@example.org", "name": "Ann", "organisation_id": 1}
                | {"password_hash": "x", "created_at": now},
            )
            connection.execute(insert(Event.__table__), {**row, "id": 1})
            connection.execute(
                insert(Event.__table__), {**row, "id": 2, "kind": "workshop", "parent_id": 1}
            )
            connection.execute(
                insert(Booking.__table__),
                [
                    {"id": n, "event_id": n, "person_id": 1, "status": "confirmed"}
                    | {"ticket_token": f"t{n}", "queued_at": now, "created_at": now}
                    | {"updated_at": now, "cancel_reason": "Moved"}
                    for n in (1, 2)
                ],
            )
        command.downgrade(alembic_config(database_url), "0013")
        with engine.connect() as connection:
            events = connection.execute(text("SELECT id, parent_id FROM events ORDER BY id"))
            bookings = connection.execute(text("SELECT id, event_id FROM bookings ORDER BY id"))
            assert [tuple(e) for e in events] == [(1, None), (2, 1)]
            assert [tuple(b) for b in bookings] == [(1, 1), (2, 2)]
            columns = {c["name"] for c in inspect(connection).get_columns("bookings")}
            assert "cancel_reason" not in columns
        command.upgrade(alembic_config(database_url), "head")
    finally:
        engine.dispose()
