"""conference choices (reserved: filled by the change that needs it)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:40:00.000000
"""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
