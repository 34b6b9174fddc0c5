"""reply: where each article was analyzed in Slack (origin, permalink) and the users' verdicts on findings

Revision ID: 0004_reply
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_reply"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("origin", sa.JSON(), nullable=True))
    op.add_column("articles", sa.Column("permalink", sa.Text(), nullable=True))
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("finding_type", sa.String(length=32), nullable=False),
        sa.Column("pair_key", sa.String(length=200), nullable=False),
        sa.Column("verdict", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("finding", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_feedback_ws_id", "feedback", ["workspace", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_feedback_ws_id", table_name="feedback")
    op.drop_table("feedback")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("permalink")
        batch.drop_column("origin")
