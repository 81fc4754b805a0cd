"""account and privacy: an address waiting to be confirmed, and closed accounts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:40:00.000000

A person changing their email address keeps the old one until they confirm the new one
(``pending_email``); a closed account keeps its row, anonymised, so attendance still counts
(``closed_at``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("pending_email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("closed_at")
        batch.drop_column("pending_email")
