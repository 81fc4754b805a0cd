"""covering index for the catalogue

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 10:43:37.856137
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_listing"))
        batch_op.create_index(
            "ix_events_catalogue",
            ["status", "starts_at", "ends_at", "parent_id", "kind", "audience", "programme"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_catalogue")
        batch_op.create_index(
            batch_op.f("ix_events_listing"), ["status", "starts_at"], unique=False
        )
