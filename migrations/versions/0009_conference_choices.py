"""conference choices: a booking's own calendar sequence

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:40:00.000000

A delegate's workshops are listed on their one conference ticket and calendar entry; when the
choices change, that entry is sent again with a higher SEQUENCE: the event's sequence plus the
booking's, which grows with every change of choice.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("sequence")
