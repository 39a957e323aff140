"""The diary, saved assessments and feedback.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crepitus.store.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # crepitus 0.1 kept feedback in a table of its own making; keep its rows
    legacy = "feedback" in sa.inspect(op.get_bind()).get_table_names()
    if legacy:
        op.rename_table("feedback", "feedback_v0")
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("region", sa.String(16), nullable=False),
        sa.Column("pops", sa.Integer, nullable=False),
        sa.Column("sound", sa.String(16), nullable=True),
        sa.Column("triggers", sa.JSON, nullable=False),
        sa.Column("pain", sa.Integer, nullable=False),
        sa.Column("pain_at_pop", sa.Boolean, nullable=False),
        sa.Column("swelling", sa.Boolean, nullable=False),
        sa.Column("stiffness", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_entries_owner_day", "entries", ["owner", "day"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False, index=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("case", sa.JSON, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("triage", sa.String(16), nullable=False),
        sa.Column("knowledge_version", sa.String(32), nullable=False),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False, index=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("triage", sa.String(16), nullable=False),
        sa.Column("knowledge_version", sa.String(32), nullable=False),
    )
    if legacy:
        op.execute(
            "INSERT INTO feedback (owner, created_at, helpful, comment, triage, knowledge_version)"
            " SELECT 'local', replace(substr(created_at, 1, 26), 'T', ' '), helpful, comment,"
            " triage, knowledge_version FROM feedback_v0"
        )
        op.drop_table("feedback_v0")


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("assessments")
    op.drop_index("ix_entries_owner_day", "entries")
    op.drop_table("entries")
