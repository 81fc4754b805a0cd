"""outbox leases per worker, skipped messages

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 11:24:42.127602
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


STATUSES_BEFORE = ("pending", "sending", "sent", "failed")
STATUSES_AFTER = (*STATUSES_BEFORE, "skipped")


def _status_check(batch_op, statuses) -> None:
    batch_op.drop_constraint(op.f("ck_outbox_messages_messagestatus"), type_="check")
    listed = ", ".join(f"'{status}'" for status in statuses)
    batch_op.create_check_constraint(
        op.f("ck_outbox_messages_messagestatus"), f"status IN ({listed})"
    )


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=32), nullable=True))
        _status_check(batch_op, STATUSES_AFTER)


def downgrade() -> None:
    op.execute("UPDATE outbox_messages SET status = 'sent' WHERE status = 'skipped'")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        _status_check(batch_op, STATUSES_BEFORE)
        batch_op.drop_column("claimed_by")
