"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text

from booking.cli import alembic_config, upgrade_database
from booking.db import make_engine
from booking.events.models import Event, event_search_terms
from booking.models import Base


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
