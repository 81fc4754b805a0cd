"""check-in at the door: check-ins, the scans phones sent, registers, walk-ins

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:30:00.000000

A booking has at most one check-in that is not undone (a partial unique index, on both
databases); undoing keeps the row. ``door_scans`` remembers each phone-made scan id, so a
repeated offline sync changes nothing. A walk-in is a booking made at the door; its person may
be a placeholder account, claimed by registering with its address.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

VIA = ("scan", "name", "ticket_link", "walk_in", "register")


def upgrade() -> None:
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "booking_id",
            sa.Integer(),
            sa.ForeignKey(
                "bookings.id", ondelete="CASCADE", name="fk_check_ins_booking_id_bookings"
            ),
            nullable=False,
        ),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="SET NULL", name="fk_check_ins_by_id_users"),
            nullable=True,
        ),
        sa.Column(
            "via",
            sa.Enum(*VIA, name="via", native_enum=False, create_constraint=True, length=16),
            nullable=False,
        ),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "undone_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="SET NULL", name="fk_check_ins_undone_by_id_users"),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_check_ins"),
    )
    op.create_index("ix_check_ins_booking_id", "check_ins", ["booking_id"])
    op.create_index(
        "uq_check_ins_live_booking",
        "check_ins",
        ["booking_id"],
        unique=True,
        postgresql_where=sa.text("undone_at IS NULL"),
        sqlite_where=sa.text("undone_at IS NULL"),
    )
    op.create_table(
        "door_scans",
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column(
            "event_id",
            sa.Integer(),
            sa.ForeignKey("events.id", ondelete="CASCADE", name="fk_door_scans_event_id_events"),
            nullable=False,
        ),
        sa.Column(
            "booking_id",
            sa.Integer(),
            sa.ForeignKey(
                "bookings.id", ondelete="CASCADE", name="fk_door_scans_booking_id_bookings"
            ),
            nullable=True,
        ),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("client_id", name="pk_door_scans"),
    )
    op.create_index("ix_door_scans_event_id", "door_scans", ["event_id"])
    op.create_table(
        "registers",
        sa.Column(
            "event_id",
            sa.Integer(),
            sa.ForeignKey("events.id", ondelete="CASCADE", name="fk_registers_event_id_events"),
            nullable=False,
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "closed_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="SET NULL", name="fk_registers_closed_by_id_users"),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("event_id", name="pk_registers"),
    )
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(
            sa.Column("walk_in", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("placeholder", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("placeholder")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("walk_in")
    op.drop_table("registers")
    op.drop_index("ix_door_scans_event_id", table_name="door_scans")
    op.drop_table("door_scans")
    op.drop_index("uq_check_ins_live_booking", table_name="check_ins")
    op.drop_index("ix_check_ins_booking_id", table_name="check_ins")
    op.drop_table("check_ins")
