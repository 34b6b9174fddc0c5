"""Database tables. Every row carries the workspace (Slack team id, or "local" for the CLI) it belongs to.

Indexes follow the lookups that comparison needs (canonical entity, speaker, quantity key, story,
claim key), so that finding candidates never scans all stored claims.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Tables that migration 0005_oauth creates for slack_sdk's installation and OAuth state stores
# (`handlers/install.py`). slack_sdk declares and queries them itself, so they are not mapped here.
SLACK_SDK_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states"})


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(String(300))
    entities: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # canonical name -> weight
    terms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # key term -> weight
    first_seen: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_seen: Mapped[date | None] = mapped_column(Date, nullable=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("workspace", "text_hash", name="uq_articles_workspace_text"),
        UniqueConstraint("workspace", "canonical_url", name="uq_articles_workspace_url"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(500))
    source_key: Mapped[str] = mapped_column(String(300), index=True)  # site or paste source, for boilerplate
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    canonical_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str | None] = mapped_column(String(500), nullable=True)
    site_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    cleaned_text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), nullable=True, index=True)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Where it was analyzed in Slack ({"channel_id", "channel_name", "user_id", "user_name"}) and the
    # permalink of newsbot's reply there (`chat.getPermalink`): how a reporter finds it again.
    origin: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    permalink: Mapped[str | None] = mapped_column(Text, nullable=True)


class ClaimRow(Base):
    """A quote, figure or factual sentence of an article, flattened for indexed lookups."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_ws_kind_speaker", "workspace", "kind", "speaker"),
        Index("ix_claims_ws_quantity", "workspace", "quantity_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    workspace: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # "quote" | "numeric" | "fact"
    subkind: Mapped[str | None] = mapped_column(String(16), nullable=True)  # quote kind, "date" for figures
    text: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text, default="")
    sentence_start: Mapped[int] = mapped_column(Integer, default=0)
    sentence_end: Mapped[int] = mapped_column(Integer, default=0)
    speaker: Mapped[str | None] = mapped_column(String(300), nullable=True)
    quantity_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    subject: Mapped[str | None] = mapped_column(String(300), nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str | None] = mapped_column(String(32), nullable=True)
    time_ref: Mapped[str | None] = mapped_column(String(200), nullable=True)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the full dataclass, as JSON


class ClaimKeyRow(Base):
    """Inverted index: a lookup key (canonical entity, content lemma, quote shingle…) -> claim."""

    __tablename__ = "claim_keys"
    # Covers the postings query (newest first per key, excluding the new article) without table reads.
    __table_args__ = (Index("ix_claim_keys_postings", "workspace", "key", "id", "article_id", "claim_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(300))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class ArticleEntityRow(Base):
    __tablename__ = "article_entities"
    __table_args__ = (Index("ix_article_entities_ws_name", "workspace", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    label: Mapped[str] = mapped_column(String(16))
    mentions: Mapped[int] = mapped_column(Integer, default=1)


class FindingRow(Base):
    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("workspace", "type", "pair_key", name="uq_findings_pair"),
        Index("ix_findings_ws_created", "workspace", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    # Indexed: deleting an article (prune, its foreign-key check) looks up the findings naming it here.
    other_article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    pair_key: Mapped[str] = mapped_column(String(200))
    confidence: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DismissalRow(Base):
    """A user's "not a contradiction" / "different event": that pair is not flagged again here."""

    __tablename__ = "dismissals"
    __table_args__ = (UniqueConstraint("workspace", "pair_key", name="uq_dismissals_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64))
    pair_key: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FeedbackRow(Base):
    """A user's verdict on a finding ("correct", "not_contradiction", "different_event"), with a copy of
    the finding as it was shown: the data to calibrate the comparison's confidence on."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_ws_id", "workspace", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64))
    finding_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # no FK: verdicts outlive findings
    finding_type: Mapped[str] = mapped_column(String(32))
    pair_key: Mapped[str] = mapped_column(String(200))
    verdict: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    confidence: Mapped[float] = mapped_column(Float)
    finding: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AliasRow(Base):
    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("workspace", "variant", name="uq_aliases_variant"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), index=True)
    variant: Mapped[str] = mapped_column(String(300))
    canonical: Mapped[str] = mapped_column(String(300))
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SourceLineRow(Base):
    """How many stored articles of one source contain a line (by fingerprint): learns per-site boilerplate."""

    __tablename__ = "source_lines"

    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0)


class SlackEventRow(Base):
    """One row per Slack event or message handled: the unique key makes retries a no-op."""

    __tablename__ = "slack_events"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DigestChannelRow(Base):
    """Where and when a channel gets its digest: a local time of day in an IANA time zone."""

    __tablename__ = "digest_channels"
    __table_args__ = (UniqueConstraint("workspace", "channel_id", name="uq_digest_channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64))
    local_time: Mapped[str] = mapped_column(String(5), default="08:00")  # "HH:MM", 24-hour
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")  # IANA name
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Slots before this moment are not owed (a channel set up at 08:30 gets no 08:00 digest that day).
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DigestPostRow(Base):
    """One channel's digest of one local day: claimed, then posted (its Slack `ts` recorded), or failed.

    The unique (workspace, channel, local date) row is what makes a digest go out once: a process
    posts only the row it inserted, or one it took over by a conditional UPDATE (a lost claim after
    the timeout, a failed one after its backoff). A row with `ts` is never posted from the start again.
    """

    __tablename__ = "digest_posts"
    __table_args__ = (
        UniqueConstraint("workspace", "channel_id", "local_date", name="uq_digest_post_day"),
        Index("ix_digest_posts_status", "status", "retry_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64))
    local_date: Mapped[date] = mapped_column(Date)
    slot_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # the local time it was due
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # the window it covers
    until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))  # claimed, posted, empty, failed
    claimed_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    ts: Mapped[str | None] = mapped_column(String(32), nullable=True)  # the parent message
    parts_posted: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class JobRow(Base):
    """Work accepted from Slack and not yet answered: the web process queues it, a worker runs it.

    Kept in the database so that an acked command survives a restart; the payload (which holds the
    pasted article) is emptied once the job has finished.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued, running, done, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(128))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
