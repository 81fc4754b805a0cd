"""security hardening: a per-person session stamp, so signing out ends the session

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:40:00.000000

Every session's id carries a stamp of the person's password hash and of ``session_stamp``;
signing out gives the person a new session stamp, so a session cookie copied before then no
longer signs anyone in.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_stamp", sa.String(32), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_stamp")
