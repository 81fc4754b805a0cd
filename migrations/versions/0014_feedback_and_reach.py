"""feedback and reach: forms, questions, responses, answers, scales, certificates; the
organisation register's reference, phase and district; training leads; referrals; caps per
organisation, how long training stays current, bookings made or cancelled on someone's behalf

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 15:47:42.134098

One response per booking (a unique key, so two submissions at once store one); a paper
response has no booking. Answers hold the index of the option chosen, so a summary counts
them with one GROUP BY over an index.
"""

import sqlalchemy as sa
from alembic import op

PHASES = ("primary", "secondary", "special", "all_through", "post_16")

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("introduction", sa.Text(), server_default="", nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "certificate_needs_feedback", sa.Boolean(), server_default=sa.true(), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_feedback_forms_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_forms")),
        sa.UniqueConstraint("event_id", name=op.f("uq_feedback_forms_event_id")),
    )
    op.create_table(
        "feedback_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "scale",
                "choice",
                "yes_no",
                "short_text",
                "long_text",
                name="questionkind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("hint", sa.String(length=500), server_default="", nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("scale_name", sa.String(length=120), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["feedback_forms.id"],
            name=op.f("fk_feedback_questions_form_id_feedback_forms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_questions")),
    )
    with op.batch_alter_table("feedback_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_questions_form_id"), ["form_id"], unique=False
        )

    op.create_table(
        "organisation_leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "approved",
                "refused",
                "ended",
                name="leadstatus",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_organisation_leads_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_leads_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["users.id"],
            name=op.f("fk_organisation_leads_person_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_leads")),
        sa.UniqueConstraint(
            "organisation_id",
            "person_id",
            name=op.f("uq_organisation_leads_organisation_id_person_id"),
        ),
    )
    with op.batch_alter_table("organisation_leads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_leads_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_organisation_leads_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "scales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_scales_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scales")),
        sa.UniqueConstraint("name", name=op.f("uq_scales_name")),
    )
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_certificates_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_certificates_booking_id")),
        sa.UniqueConstraint("code", name=op.f("uq_certificates_code")),
    )
    op.create_table(
        "feedback_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "online",
                "paper",
                name="responsesource",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_feedback_responses_booking_id_bookings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_feedback_responses_entered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["feedback_forms.id"],
            name=op.f("fk_feedback_responses_form_id_feedback_forms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_responses")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_feedback_responses_booking_id")),
    )
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_responses_form_id"), ["form_id"], unique=False
        )

    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("referring_organisation_id", sa.Integer(), nullable=True),
        sa.Column("parent_name", sa.String(length=120), nullable=False),
        sa.Column("parent_email", sa.String(length=254), server_default="", nullable=False),
        sa.Column("parent_phone", sa.String(length=40), server_default="", nullable=False),
        sa.Column("parent_agreed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "parent_email <> '' OR parent_phone <> ''", name=op.f("ck_referrals_a_way_to_reach")
        ),
        sa.CheckConstraint("parent_agreed", name=op.f("ck_referrals_parent_agreed")),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_referrals_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["referred_by_id"],
            ["users.id"],
            name=op.f("fk_referrals_referred_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["referring_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_referrals_referring_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_referrals_booking_id")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referrals_referred_by_id"), ["referred_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_referrals_referring_organisation_id"),
            ["referring_organisation_id"],
            unique=False,
        )

    op.create_table(
        "feedback_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("option_index", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["feedback_questions.id"],
            name=op.f("fk_feedback_answers_question_id_feedback_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["feedback_responses.id"],
            name=op.f("fk_feedback_answers_response_id_feedback_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_answers")),
        sa.UniqueConstraint(
            "response_id", "question_id", name=op.f("uq_feedback_answers_response_id_question_id")
        ),
    )
    with op.batch_alter_table("feedback_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_feedback_answers_question_option", ["question_id", "option_index"], unique=False
        )

    # Columns only, never a rebuilt table: on SQLite a rebuild drops the old table, and its
    # children's ON DELETE CASCADE would take their rows (check-ins, workshops) with it. So the
    # two checks on events are PostgreSQL's alone; the forms refuse the same values.
    op.add_column(
        "bookings",
        sa.Column("cancel_reason", sa.String(length=500), server_default="", nullable=False),
    )
    op.add_column("events", sa.Column("places_per_organisation", sa.Integer(), nullable=True))
    op.add_column("events", sa.Column("current_for_years", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.create_check_constraint(
            "ck_events_places_per_organisation_positive",
            "events",
            "places_per_organisation IS NULL OR places_per_organisation > 0",
        )
        op.create_check_constraint(
            "ck_events_current_for_years_positive",
            "events",
            "current_for_years IS NULL OR current_for_years > 0",
        )
    op.add_column("organisations", sa.Column("reference", sa.String(length=40), nullable=True))
    op.add_column(
        "organisations",
        sa.Column(
            "phase",
            sa.Enum(
                *PHASES,
                name="schoolphase",
                native_enum=False,
                # SQLite cannot add a CHECK to a table without rebuilding it
                create_constraint=op.get_bind().dialect.name == "postgresql",
                length=16,
            ),
            nullable=True,
        ),
    )
    op.add_column(
        "organisations",
        sa.Column("district", sa.String(length=80), server_default="", nullable=False),
    )
    op.create_index("ix_organisations_reference", "organisations", ["reference"], unique=True)
    op.add_column(
        "users",
        sa.Column("refresher_prompts", sa.Boolean(), server_default=sa.true(), nullable=False),
    )


def downgrade() -> None:
    # Columns only, never a rebuilt table, as on the way up (SQLite 3.35 and later drops a
    # column in place): a rebuild of users or events would fail on the rows referring to them,
    # or cascade-delete bookings and workshops.
    op.drop_column("users", "refresher_prompts")
    op.drop_index("ix_organisations_reference", "organisations")
    for column in ("district", "phase", "reference"):
        op.drop_column("organisations", column)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("ck_events_current_for_years_positive", "events", type_="check")
        op.drop_constraint("ck_events_places_per_organisation_positive", "events", type_="check")
    op.drop_column("events", "current_for_years")
    op.drop_column("events", "places_per_organisation")
    op.drop_column("bookings", "cancel_reason")

    with op.batch_alter_table("feedback_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_answers_question_option")

    op.drop_table("feedback_answers")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_referring_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_referred_by_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_responses_form_id"))

    op.drop_table("feedback_responses")
    op.drop_table("certificates")
    op.drop_table("scales")
    with op.batch_alter_table("organisation_leads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_leads_person_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_leads_organisation_id"))

    op.drop_table("organisation_leads")
    with op.batch_alter_table("feedback_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_questions_form_id"))

    op.drop_table("feedback_questions")
    op.drop_table("feedback_forms")
