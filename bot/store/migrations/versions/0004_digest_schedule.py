"""digest: per-channel local time and time zone; one row per channel and local day (digest_posts)

Revision ID: 0004_digest
Revises: 0004_reply
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_digest"
down_revision = "0004_reply"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("digest_channels") as batch:
        batch.add_column(sa.Column("local_time", sa.String(length=5), nullable=False, server_default="08:00"))
        batch.add_column(sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC"))
        batch.add_column(sa.Column("updated_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    channels = sa.table(
        "digest_channels",
        sa.column("id", sa.Integer),
        sa.column("hour_utc", sa.Integer),
        sa.column("local_time", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    for row_id, hour, created in bind.execute(
        sa.select(channels.c.id, channels.c.hour_utc, channels.c.created_at)
    ):
        bind.execute(
            channels.update()
            .where(channels.c.id == row_id)
            .values(local_time=f"{int(hour or 0):02d}:00", updated_at=created)
        )
    with op.batch_alter_table("digest_channels") as batch:
        batch.alter_column("updated_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.drop_column("hour_utc")
        batch.drop_column("last_sent")
    op.create_table(
        "digest_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("slot_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("parts_posted", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace", "channel_id", "local_date", name="uq_digest_post_day"),
    )
    op.create_index("ix_digest_posts_status", "digest_posts", ["status", "retry_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_digest_posts_status", table_name="digest_posts")
    op.drop_table("digest_posts")
    with op.batch_alter_table("digest_channels") as batch:
        batch.add_column(sa.Column("hour_utc", sa.Integer(), nullable=False, server_default="8"))
        batch.add_column(sa.Column("last_sent", sa.Date(), nullable=True))
        batch.drop_column("updated_at")
        batch.drop_column("updated_by")
        batch.drop_column("timezone")
        batch.drop_column("local_time")
