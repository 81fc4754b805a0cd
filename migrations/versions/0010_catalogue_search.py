"""catalogue search: a folded search key on events

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:40:00.000000

Search finds "Café" for "cafe" and "E-safety" for "e safety" on SQLite and PostgreSQL alike by
matching the words typed, folded the same way, against a key of the event's texts with accents,
case and everything but letters and digits folded away (``core.formatting.search_key``). The
key of the events already stored is filled here.
"""

import sqlalchemy as sa
from alembic import op

from booking.core.formatting import search_terms

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# The texts the key is made of, as at this revision (events.models.SEARCHED_FIELDS).
SEARCHED_FIELDS = ("title", "summary", "description", "audience", "programme", "venue")


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("search_key", sa.Text(), nullable=False, server_default=""))
    events = sa.table(
        "events", sa.column("id"), sa.column("search_key"), *map(sa.column, SEARCHED_FIELDS)
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(events.c.id, *(events.c[n] for n in SEARCHED_FIELDS)))
    for row in rows.all():
        connection.execute(
            events.update()
            .where(events.c.id == row.id)
            # The key as the search of this revision reads it: each term after a space, and
            # a space at the end (0015 replaces the key with the terms themselves).
            .values(search_key=" ".join(["", *search_terms(*(t or "" for t in row[1:])), ""]))
        )


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("search_key")
