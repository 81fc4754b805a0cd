"""create core tables

Revision ID: 0001
Revises:
Create Date: 2026-11-22 10:09:11.037003
"""

import sqlalchemy as sa
from alembic import op

import booking.core.models

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "training_day",
                "foster_carer_session",
                "governor_course",
                "parenting_session",
                "forum",
                "awareness_day",
                "conference",
                "workshop",
                name="eventkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "cancelled",
                name="eventstatus",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(length=120), nullable=False),
        sa.Column("programme", sa.String(length=120), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=False),
        sa.Column("online_url", sa.String(length=500), nullable=False),
        sa.Column("starts_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column(
            "booking_opens_at", booking.core.models.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "booking_closes_at", booking.core.models.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("cpd_hours", sa.Numeric(precision=4, scale=1), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("capacity >= 0", name=op.f("ck_events_capacity_not_negative")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_events_ends_after_start")),
        sa.CheckConstraint("sequence >= 0", name=op.f("ck_events_sequence_not_negative")),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["events.id"],
            name=op.f("fk_events_parent_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_listing", ["status", "starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("attempted_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_attempts_attempted_at"), ["attempted_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_login_attempts_key"), ["key"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column(
            "sector",
            sa.Enum(
                "school",
                "post_16",
                "early_years",
                "social_care",
                "early_help",
                "health",
                "camhs",
                "police",
                "public_health",
                "voluntary",
                "foster_carer",
                "local_authority",
                "elected_member",
                "other",
                name="sector",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name_key", "sector", name=op.f("uq_organisations_name_key_sector")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("job_title", sa.String(length=120), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "professional",
                "trainer",
                "organiser",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_users_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_users_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "confirmed",
                "waitlisted",
                "cancelled",
                name="bookingstatus",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("ticket_token", sa.String(length=64), nullable=False),
        sa.Column("queued_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", booking.core.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", booking.core.models.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_bookings_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_bookings_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
        sa.UniqueConstraint("event_id", "person_id", name=op.f("uq_bookings_event_id_person_id")),
        sa.UniqueConstraint("ticket_token", name=op.f("uq_bookings_ticket_token")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bookings_event_status_queued", ["event_id", "status", "queued_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_bookings_person_id"), ["person_id"], unique=False)

    op.create_table(
        "event_trainers",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_trainers_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_event_trainers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "user_id", name=op.f("pk_event_trainers")),
    )


def downgrade() -> None:
    op.drop_table("event_trainers")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bookings_person_id"))
        batch_op.drop_index("ix_bookings_event_status_queued")

    op.drop_table("bookings")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_organisation_id"))

    op.drop_table("users")
    op.drop_table("organisations")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_key"))
        batch_op.drop_index(batch_op.f("ix_login_attempts_attempted_at"))

    op.drop_table("login_attempts")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_parent_id"))
        batch_op.drop_index("ix_events_listing")

    op.drop_table("events")
