"""account and privacy (reserved: filled by the change that needs it)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:40:00.000000
"""

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
