"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, select

from booking.cli import alembic_config, upgrade_database
from booking.db import make_engine
from booking.events.models import Event, event_search_key
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


def test_stored_events_get_the_search_key_the_model_gives(database_url):
    command.upgrade(alembic_config(database_url), "0012")
    engine = make_engine(database_url)
    texts = {"title": "Łódź café", "summary": "Foster care", "description": "Reading"}
    now = datetime(2027, 1, 5, tzinfo=UTC)
    row = {"kind": "training_day", "status": "published", "starts_at": now}
    row |= {"ends_at": now + timedelta(hours=1)}
    row |= {"capacity": 1, "sequence": 0, "created_at": now, "updated_at": now}
    try:
        with engine.begin() as connection:
            connection.execute(insert(Event.__table__), {**row, **texts, "search_key": "stale"})
        command.upgrade(alembic_config(database_url), "head")
        with engine.connect() as connection:
            key = connection.scalar(select(Event.__table__.c.search_key))
        assert (
            key == event_search_key(texts) == " lodz cafe lodzcafe foster care fostercare reading "
        )
    finally:
        engine.dispose()
