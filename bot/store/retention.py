"""Retention and export: delete old articles with everything that hangs on them, delete a whole
workspace, export a workspace's articles, claims, findings and verdicts as JSON Lines.

What an article takes with it when it goes: its claims, claim keys and entities; every finding on either
side of it and the verdicts given on those findings; the dismissals of its pairs; its lines' counts in the
per-source boilerplate table; its story, if no other article is left in it (else the story's counts and
dates are recomputed). Each batch of articles goes in one transaction, so an interrupted prune leaves a
consistent database that has simply kept more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.clean.fingerprint import body_fingerprints
from bot.models import CleanedArticle, _jsonable
from bot.store.schema import (
    ArticleEntityRow,
    ArticleRow,
    Base,
    ClaimKeyRow,
    ClaimRow,
    DismissalRow,
    FeedbackRow,
    FindingRow,
    SourceLineRow,
    StoryRow,
)

# Articles deleted per transaction (and ids per IN list: SQLite takes at most 32k parameters).
BATCH = 500
# What `export` writes, in this order: the kind of each line and its table.
EXPORTED = (("article", ArticleRow), ("claim", ClaimRow), ("finding", FindingRow), ("verdict", FeedbackRow))


@dataclass(slots=True)
class Deleted:
    """Rows deleted, by table name."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, table: str, rows: int) -> None:
        if rows:
            self.counts[table] += rows

    def __getitem__(self, table: str) -> int:
        return self.counts[table]

    def line(self) -> str:
        """`12 article(s), 340 claim(s), 5 finding(s), 1 verdict(s); rows of other tables: …`."""
        main = {"articles": "article", "claims": "claim", "findings": "finding", "feedback": "verdict"}
        text = ", ".join(f"{self.counts[t]} {name}(s)" for t, name in main.items())
        rest = [f"{t} {self.counts[t]}" for t in sorted(self.counts) if t not in main]
        return text + (f"; rows of other tables: {', '.join(rest)}" if rest else "")


def old_article_ids(session: Session, before: datetime, limit: int = BATCH) -> list[int]:
    """Ids of up to `limit` articles stored before `before`, oldest first (every workspace)."""
    query = select(ArticleRow.id).where(ArticleRow.created_at < before).order_by(ArticleRow.id).limit(limit)
    return list(session.scalars(query))


def delete_articles(session: Session, ids: list[int], deleted: Deleted) -> None:
    """Delete these articles (at most `BATCH`) and everything that hangs on them, in the caller's session."""
    if not ids:
        return
    articles = list(session.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids))))
    finding_ids = list(
        session.scalars(
            select(FindingRow.id).where(
                or_(FindingRow.article_id.in_(ids), FindingRow.other_article_id.in_(ids))
            )
        )
    )
    for chunk in _chunks(finding_ids):
        deleted.add("feedback", _delete(session, FeedbackRow, FeedbackRow.finding_id.in_(chunk)))
        deleted.add("findings", _delete(session, FindingRow, FindingRow.id.in_(chunk)))
    deleted.add("dismissals", _forget_dismissals(session, articles))
    for table in (ClaimKeyRow, ClaimRow, ArticleEntityRow):
        deleted.add(table.__tablename__, _delete(session, table, table.article_id.in_(ids)))
    deleted.add("source_lines", _uncount_lines(session, articles))
    stories = {a.story_id for a in articles if a.story_id is not None}
    deleted.add("articles", _delete(session, ArticleRow, ArticleRow.id.in_(ids)))
    deleted.add("stories", _recount_stories(session, sorted(stories)))


def delete_workspace(session: Session, workspace: str) -> Deleted:
    """Every row of `workspace` in every table that has a workspace column, children before parents."""
    deleted = Deleted()
    for table in reversed(Base.metadata.sorted_tables):
        if "workspace" in table.c:
            done = session.execute(delete(table).where(table.c.workspace == workspace))
            deleted.add(table.name, _rows(done))
    return deleted


def export_rows(session: Session, workspace: str) -> Iterator[dict[str, Any]]:
    """The workspace's articles, claims, findings and verdicts, each kind oldest first, as JSON-ready
    objects (`"record"` names the kind; every other key is a column, `type` of a finding included)."""
    for kind, table in EXPORTED:
        query = select(table).where(table.workspace == workspace).order_by(table.id)
        columns = [c.key for c in table.__mapper__.column_attrs]
        for row in session.scalars(query.execution_options(yield_per=BATCH)):
            yield {"record": kind, **_jsonable({key: getattr(row, key) for key in columns})}


def _delete(session: Session, table: type[Base], where: Any) -> int:
    return _rows(session.execute(delete(table).where(where)))


def _rows(result: Any) -> int:
    """Rows a DELETE or UPDATE touched (its result is a `CursorResult`; `execute` is typed `Result`)."""
    return cast(CursorResult, result).rowcount or 0


def _forget_dismissals(session: Session, articles: list[ArticleRow]) -> int:
    """Dismissals whose pair names a deleted article (a pair key is `article:start:end|article:start:end`)."""
    gone = {a.id for a in articles}
    doomed = [
        row_id
        for workspace in {a.workspace for a in articles}
        for row_id, key in session.execute(
            select(DismissalRow.id, DismissalRow.pair_key).where(DismissalRow.workspace == workspace)
        )
        if gone & set(_pair_articles(key))
    ]
    return sum(_delete(session, DismissalRow, DismissalRow.id.in_(chunk)) for chunk in _chunks(doomed))


def _pair_articles(pair_key: str) -> list[int]:
    ids = []
    for side in pair_key.split("|"):
        head = side.split(":", 1)[0]
        if head.isdigit():
            ids.append(int(head))
    return ids


def _uncount_lines(session: Session, articles: list[ArticleRow]) -> int:
    """Take the deleted articles' body lines out of their source's boilerplate counts; returns the
    number of line rows that reached zero and were deleted."""
    lines: Counter[tuple[str, str, str]] = Counter()
    for row in articles:
        article = CleanedArticle(cleaned_text=row.cleaned_text, title=row.title, source=row.source)
        for fp in body_fingerprints(article):
            lines[(row.workspace, row.source_key, fp)] += 1
    for (workspace, source_key, fp), n in lines.items():
        session.execute(
            update(SourceLineRow)
            .where(
                SourceLineRow.workspace == workspace,
                SourceLineRow.source_key == source_key,
                SourceLineRow.fingerprint == fp,
            )
            .values(article_count=SourceLineRow.article_count - n)
        )
    return _delete(session, SourceLineRow, SourceLineRow.article_count <= 0) if lines else 0


def _recount_stories(session: Session, story_ids: list[int]) -> int:
    """Stories left without articles are deleted; the others get their count and dates recomputed."""
    emptied = 0
    for chunk in _chunks(story_ids):
        left = {
            story_id: (count, first, last)
            for story_id, count, first, last in session.execute(
                select(
                    ArticleRow.story_id,
                    func.count(ArticleRow.id),
                    func.min(ArticleRow.published),
                    func.max(ArticleRow.published),
                )
                .where(ArticleRow.story_id.in_(chunk))
                .group_by(ArticleRow.story_id)
            )
        }
        for story_id, (count, first, last) in left.items():
            session.execute(
                update(StoryRow)
                .where(StoryRow.id == story_id)
                .values(article_count=count, first_seen=first, last_seen=last)
            )
        emptied += _delete(session, StoryRow, StoryRow.id.in_([s for s in chunk if s not in left]))
    return emptied


def _chunks(items: Iterable[int], size: int = BATCH) -> Iterator[list[int]]:
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]
