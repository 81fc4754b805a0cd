"""search terms: an index of each event's words in place of a key scanned with LIKE

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 11:00:00.000000

Search looked for each word with LIKE '% word%' in ``events.search_key``, reading every
upcoming event and its workshops. The table ``search_terms`` files each of an event's terms
(``core.formatting.search_terms``) under the event a search lists (itself, or a published
workshop's conference), so a word is found by a range of terms on a B-tree on both databases.
The terms of the events already stored are filed here as the model's hook files them, and the
key goes.
"""

import sqlalchemy as sa
from alembic import op

from booking.core.formatting import MAX_TERM_LENGTH
from booking.events.models import listed_id, search_term_rows

revision = "0015"
down_revision = "0014"
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
    sa.column("search_key"),
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
    # Dropped in place (SQLite 3.35+), never by remaking the table: with foreign keys on,
    # dropping the old events table would delete, by cascade, every row that refers to it.
    with op.batch_alter_table("events", recreate="never") as batch:
        batch.drop_column("search_key")


def downgrade() -> None:
    """The key again, each term of the event's own texts after a space (what the search of
    0013 reads). A workshop not published has no terms, so no key until it is next saved
    (publishing it saves it); its key is not read before."""
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("search_key", sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    filed = connection.execute(
        sa.select(search_terms.c.source_id, search_terms.c.term).order_by(
            search_terms.c.source_id, search_terms.c.term
        )
    )
    keys: dict[int, list[str]] = {}
    for source_id, term in filed:
        keys.setdefault(source_id, []).append(term)
    for source_id, terms in keys.items():
        connection.execute(
            events.update()
            .where(events.c.id == source_id)
            .values(search_key=" ".join(["", *terms, ""]))
        )
    op.drop_index("ix_search_terms_source", table_name="search_terms")
    op.drop_table("search_terms")
