"""The daily digest: what the newsroom stored in the last day, and the open findings among it.

`due_channels` says which channels are owed a digest at a given time (their hour has come and none
was sent today); the Slack side posts `build_digest` and then calls `mark_sent`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update

from bot.models import Finding, StoredArticle
from bot.store import Store
from bot.store.repository import finding_of, to_stored
from bot.store.schema import ArticleRow, DigestChannelRow, FindingRow

# Findings shown in one digest, most confident conflicts first; the rest are counted.
MAX_DIGEST_FINDINGS = 10


@dataclass(slots=True)
class Digest:
    workspace: str
    since: datetime
    until: datetime
    articles: list[StoredArticle] = field(default_factory=list)
    conflicts: list[Finding] = field(default_factory=list)
    corroborations: int = 0
    more_conflicts: int = 0

    @property
    def empty(self) -> bool:
        return not self.articles and not self.conflicts

    def article_ids(self) -> set[int]:
        """The articles the digest names: the day's, and both sides of each conflict shown."""
        sides = {side.article_id for f in self.conflicts for side in (f.a, f.b)}
        return {a.id for a in self.articles} | sides


def build_digest(store: Store, workspace: str, until: datetime | None = None, hours: int = 24) -> Digest:
    """Articles stored and open findings raised in the `hours` before `until` (now by default)."""
    until = until or datetime.now(UTC)
    since = until - timedelta(hours=hours)
    digest = Digest(workspace=workspace, since=since, until=until)
    with store.session() as session:
        rows = session.scalars(
            select(ArticleRow)
            .where(
                ArticleRow.workspace == workspace,
                ArticleRow.created_at >= since,
                ArticleRow.created_at < until,
            )
            .order_by(ArticleRow.created_at)
        )
        digest.articles = [to_stored(r) for r in rows]
        findings = session.scalars(
            select(FindingRow)
            .where(
                FindingRow.workspace == workspace,
                FindingRow.dismissed.is_(False),
                FindingRow.created_at >= since,
                FindingRow.created_at < until,
            )
            .order_by(FindingRow.confidence.desc(), FindingRow.id)
        ).all()
    conflicts = []
    for row in findings:
        if row.type == "corroboration":
            digest.corroborations += 1
            continue
        conflicts.append(finding_of(row))
    digest.conflicts = conflicts[:MAX_DIGEST_FINDINGS]
    digest.more_conflicts = max(0, len(conflicts) - MAX_DIGEST_FINDINGS)
    return digest


def due_channels(store: Store, now: datetime | None = None) -> list[DigestChannelRow]:
    """Enabled digest channels whose hour (UTC) has come today and that have not had today's digest."""
    now = now or datetime.now(UTC)
    return [
        row
        for row in store.digest_channels()
        if row.enabled and now.hour >= row.hour_utc and (row.last_sent is None or row.last_sent < now.date())
    ]


def mark_sent(store: Store, channel_row_id: int, day: date) -> None:
    with store.session() as session:
        session.execute(
            update(DigestChannelRow).where(DigestChannelRow.id == channel_row_id).values(last_sent=day)
        )
