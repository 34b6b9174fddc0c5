"""retention: index findings.other_article_id (deleting an old article looks up the findings naming it)

Revision ID: 0005_retention
Revises: 0004_digest
"""

from __future__ import annotations

from alembic import op

revision = "0005_retention"
down_revision = "0005_oauth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_findings_other_article_id", "findings", ["other_article_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_findings_other_article_id", table_name="findings")
