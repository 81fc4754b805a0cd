"""access, dietary and other needs a person gives when booking

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:40:00.000000

What a person tells the trainer when booking. It can be health data: only the event's trainers
and organisers see it, and it is deleted a set time after the event.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ("access_needs", "dietary_needs", "notes_for_trainer")


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
