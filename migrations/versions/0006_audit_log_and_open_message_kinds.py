"""the audit log; outbox message kinds named by the contexts that register them

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00.000000

The outbox no longer lists every kind of message in a CHECK constraint: each context registers
its own kinds with the outbox, and a new one (door check-in, feedback) must not need a change
to the outbox's table.
"""

import sqlalchemy as sa
from alembic import op

import booking.core.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

KINDS = (
    "booking_confirmed",
    "waitlist_joined",
    "promoted",
    "booking_cancelled",
    "booking_cancelled_by_organiser",
    "event_changed",
    "event_cancelled",
    "reminder",
    "feedback_request",
    "confirm_email",
    "reset_password",
)


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_entries_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entries_at"), ["at"], unique=False)
        batch_op.create_index(
            "ix_audit_entries_subject", ["subject_type", "subject_id", "at"], unique=False
        )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_messages_messagekind"), type_="check")


def downgrade() -> None:
    listed = ", ".join(f"'{kind}'" for kind in KINDS)
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_outbox_messages_messagekind"), f"kind IN ({listed})"
        )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_subject")
        batch_op.drop_index(batch_op.f("ix_audit_entries_at"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_actor_id"))
    op.drop_table("audit_entries")
