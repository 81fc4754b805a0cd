"""The declarative base every context's models share, with a naming convention (so constraint
names are stable in migrations), UTC timestamps and enums stored as their values."""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, Enum, MetaData, Table, TypeDecorator
from sqlalchemy.dialects.postgresql import Insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import DeclarativeBase, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no zone, so values are normalised to UTC on the way in and tagged on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime}


def enum_type(enum_class: type[StrEnum], length: int = 32) -> Enum:
    """A StrEnum stored as its value in a VARCHAR with a CHECK constraint, read back as members."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        name=enum_class.__name__.lower(),
    )


def insert_unless_present(session: Session, table: Table, *keys: Column) -> Insert:
    """``INSERT ... ON CONFLICT (keys) DO NOTHING`` for the session's database: the unique key
    decides, in the database, when two writers add the same row at once."""
    dialect_insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    return dialect_insert(table).on_conflict_do_nothing(index_elements=list(keys))
