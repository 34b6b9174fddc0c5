"""claim_keys: covering index for postings lookups (workspace, key, newest id first)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_keys_ws_key")
        batch_op.create_index(
            "ix_claim_keys_postings", ["workspace", "key", "id", "article_id", "claim_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_keys_postings")
        batch_op.create_index("ix_claim_keys_ws_key", ["workspace", "key"], unique=False)
