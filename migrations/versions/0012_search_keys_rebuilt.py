"""catalogue review fixes: search keys with their texts kept apart and stroked letters folded

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 11:00:00.000000

``core.formatting.search_key`` now keeps an event's texts apart (a space between them, so a
word cannot match across two fields) and folds letters with strokes ("Łódź" → "lodz"). The
keys of the events already stored are made again, as the model's hook makes them. The schema
does not change.
"""

import sqlalchemy as sa
from alembic import op

from booking.core.formatting import search_terms

revision = "0012"
down_revision = "0011"
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
    """Nothing to undo: the schema is unchanged, and the keys made here still serve the
    search of the revision before (it only finds fewer words spanning two texts)."""
