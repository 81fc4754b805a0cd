"""narrow partial index for counting the catalogue's upcoming events

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 23:58:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CONDITION = "status = 'published' AND parent_id IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_events_upcoming",
            ["ends_at", "starts_at"],
            unique=False,
            postgresql_where=sa.text(CONDITION),
            sqlite_where=sa.text(CONDITION),
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_upcoming")
