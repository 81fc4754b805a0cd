"""a cancelled booking remembers it was a place on the waiting list

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(
            sa.Column("left_waiting_list", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("left_waiting_list")
