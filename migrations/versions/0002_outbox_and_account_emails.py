"""outbox, email confirmation and reminders

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 10:32:24.201669
"""

import sqlalchemy as sa
from alembic import op

import booking.core.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
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
                name="messagekind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="messagestatus",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("message_key", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("to_name", sa.String(length=120), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "next_attempt_at", booking.core.models.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("claimed_until", booking.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", booking.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_outbox_messages_booking_id_bookings")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_outbox_messages_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_outbox_messages_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outbox_messages_idempotency_key")),
        sa.UniqueConstraint("message_key", name=op.f("uq_outbox_messages_message_key")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_booking_id"), ["booking_id"], unique=False
        )
        batch_op.create_index("ix_outbox_messages_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_messages_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_messages_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_days", sa.Integer(), nullable=True))

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "email_confirmed_at", booking.core.models.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("reminders_enabled", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    # Accounts made before addresses were confirmed keep the right to book.
    op.execute("UPDATE users SET email_confirmed_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("reminders_enabled")
        batch_op.drop_column("email_confirmed_at")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("reminder_days")

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_user_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_messages_event_id"))
        batch_op.drop_index("ix_outbox_messages_due")
        batch_op.drop_index(batch_op.f("ix_outbox_messages_booking_id"))

    op.drop_table("outbox_messages")
