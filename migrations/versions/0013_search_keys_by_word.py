"""search keys by word

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 11:50:00.000000

``core.formatting.search_key`` now holds an event's words apart, with each pair of adjacent
words joined ("e safety training" → " e safety training esafety safetytraining"), and search
looks for a word at the start of a key word, so "esafety" no longer finds "online safety".
The keys of the events already stored are made again, as the model's hook makes them. The
schema does not change.
"""

import sqlalchemy as sa
from alembic import op

from booking.core.formatting import search_terms

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The texts the key is made of, in order, as at this revision (events.models.SEARCHED_FIELDS).
SEARCHED_FIELDS = ("title", "summary", "description", "audience", "programme", "venue")


def upgrade() -> None:
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
    """Nothing to undo: the schema is unchanged, and the revision before, which looks for
    its words anywhere in a key, still finds them in the keys made here."""
