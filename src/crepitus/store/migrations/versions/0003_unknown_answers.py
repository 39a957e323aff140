"""A saved check keeps the questions answered "I don't know", so its report can tell them
from the questions never asked.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for checks saved before: for them, "I don't know" was not kept
    op.add_column("assessments", sa.Column("unknown", sa.JSON, nullable=True))


def downgrade() -> None:
    op.drop_column("assessments", "unknown")
