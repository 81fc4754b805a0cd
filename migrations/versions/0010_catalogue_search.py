"""catalogue search: an index of each event's words

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:40:00.000000

Search finds "Café" for "cafe" and "E-safety" for "e safety" or "esafety" on SQLite and
PostgreSQL alike. The table ``search_terms`` files each of an event's terms
(``core.formatting.search_terms``: its words folded, with neighbouring words joined) under the
event a search lists (itself, or a published workshop's conference), so a word typed is found
by a range of terms on a B-tree on both databases. The terms of the events already stored are
filed here as the model's hook files them.
"""

import sqlalchemy as sa
from alembic import op

from booking.core.formatting import MAX_TERM_LENGTH
from booking.events.models import listed_id, search_term_rows

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# The texts the terms are made of, as at this revision (events.models.SEARCHED_FIELDS).
SEARCHED_FIELDS = ("title", "summary", "description", "audience", "programme", "venue")
TERM = sa.String(MAX_TERM_LENGTH).with_variant(
    sa.String(MAX_TERM_LENGTH, collation="C"), "postgresql"
)
search_terms = sa.table(
    "search_terms", sa.column("term"), sa.column("event_id"), sa.column("source_id")
)
events = sa.table(
    "events",
    sa.column("id"),
    sa.column("parent_id"),
    sa.column("status"),
    *map(sa.column, SEARCHED_FIELDS),
)


def upgrade() -> None:
    op.create_table(
        "search_terms",
        sa.Column("term", TERM, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("term", "event_id", "source_id"),
    )
    op.create_index("ix_search_terms_source", "search_terms", ["source_id", "term"])
    connection = op.get_bind()
    stored = connection.execute(
        sa.select(
            events.c.id, events.c.parent_id, events.c.status, *map(events.c.get, SEARCHED_FIELDS)
        )
    )
    for row in stored.all():
        texts = dict(zip(SEARCHED_FIELDS, row[3:], strict=True))
        rows = search_term_rows(row.id, listed_id(row.id, row.parent_id, row.status), texts)
        if rows:
            connection.execute(search_terms.insert(), rows)


def downgrade() -> None:
    op.drop_index("ix_search_terms_source", table_name="search_terms")
    op.drop_table("search_terms")
