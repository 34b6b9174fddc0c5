"""The `Store`: every read and write of newsbot's data goes through here.

The caller writes one article (the article, its lines, entities, claims, keys, story and findings)
inside one `Store.session()` block, which is one transaction (`bot.pipeline.Analyzer`): a crash
anywhere in between leaves nothing half-stored.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import InterfaceError as SAInterfaceError
from sqlalchemy.orm import Session, sessionmaker

from bot.models import CleanedArticle, Extraction, Finding, StoredArticle, finding_from_dict
from bot.sources import Source, source_of
from bot.store.engine import make_engine, upgrade
from bot.store.retention import BATCH, Deleted, delete_articles, export_rows, old_article_ids
from bot.store.retention import delete_workspace as _delete_workspace
from bot.store.schema import (
    AliasRow,
    ArticleEntityRow,
    ArticleRow,
    ClaimRow,
    DismissalRow,
    FeedbackRow,
    FindingRow,
    SlackEventRow,
    SourceLineRow,
    StoryRow,
)

log = logging.getLogger(__name__)

# A line must recur in this many earlier articles of the same source to count as that source's boilerplate.
BOILERPLATE_MIN_ARTICLES = 2


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or migrated; carries a message fit for a user."""


def text_hash(cleaned_text: str) -> str:
    """Identity of an article's cleaned text (whitespace-insensitive)."""
    return hashlib.sha256(" ".join(cleaned_text.split()).encode("utf-8")).hexdigest()


def finding_of(row: FindingRow) -> Finding:
    """A stored finding back as a `Finding`, with its id."""
    finding = finding_from_dict(row.data)
    finding.id = row.id
    return finding


def to_stored(row: ArticleRow) -> StoredArticle:
    return StoredArticle(
        id=row.id,
        workspace=row.workspace,
        source=row.source,
        title=row.title,
        cleaned_text=row.cleaned_text,
        url=row.url,
        canonical_url=row.canonical_url,
        published=row.published,
        story_id=row.story_id,
    )


class Store:
    """newsbot's database: SQLite by default, PostgreSQL through `DATABASE_URL`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Connect and bring the schema up to date; raise `DatabaseUnavailable` with a clear message."""
        try:
            engine = make_engine(url)
            if migrate:
                upgrade(engine)
            else:
                with engine.connect():
                    pass
        except (OperationalError, SAInterfaceError, OSError) as exc:
            raise DatabaseUnavailable(f"database unavailable ({_safe_url(url)}): {_first_line(exc)}") from exc
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work commits at the end of the block, or rolls back on any error."""
        try:
            with self._sessions.begin() as session:
                yield session
        except (OperationalError, SAInterfaceError) as exc:
            raise DatabaseUnavailable(f"database unavailable: {_first_line(exc)}") from exc

    # --- articles -------------------------------------------------------------------------------

    def find_existing(
        self, session: Session, workspace: str, cleaned_text: str, canonical_url: str | None
    ) -> ArticleRow | None:
        """The stored article with the same cleaned text or the same canonical URL, if any."""
        digest = text_hash(cleaned_text)
        row = session.scalar(
            select(ArticleRow).where(ArticleRow.workspace == workspace, ArticleRow.text_hash == digest)
        )
        if row is None and canonical_url:
            row = session.scalar(
                select(ArticleRow).where(
                    ArticleRow.workspace == workspace, ArticleRow.canonical_url == canonical_url
                )
            )
        return row

    def add_article(
        self, session: Session, workspace: str, article: CleanedArticle, source_key: str
    ) -> ArticleRow:
        row = ArticleRow(
            workspace=workspace,
            source=article.source[:500],
            source_key=source_key[:300],
            url=article.url,
            canonical_url=article.canonical_url,
            title=article.title,
            author=(article.author or None) and article.author[:500],
            site_name=(article.site_name or None) and article.site_name[:300],
            published=article.published,
            language=article.language,
            cleaned_text=article.cleaned_text,
            text_hash=text_hash(article.cleaned_text),
        )
        session.add(row)
        session.flush()
        return row

    def count_articles(self, workspace: str) -> int:
        with self.session() as session:
            return (
                session.scalar(
                    select(func.count()).select_from(ArticleRow).where(ArticleRow.workspace == workspace)
                )
                or 0
            )

    # --- retention, export, deletion (`bot.store.retention`) --------------------------------------

    def prune(self, before: datetime) -> Deleted:
        """Delete the articles stored before `before` (every workspace) with their claims, findings,
        verdicts and dismissals, a batch of articles per transaction."""
        deleted = Deleted()
        while True:
            with self.session() as session:
                ids = old_article_ids(session, before, BATCH)
                delete_articles(session, ids, deleted)
            if len(ids) < BATCH:
                return deleted

    def delete_workspace(self, workspace: str) -> Deleted:
        """Delete everything stored for `workspace` (one transaction); other workspaces are untouched."""
        with self.session() as session:
            return _delete_workspace(session, workspace)

    def export(self, workspace: str) -> Iterator[dict]:
        """The workspace's articles, claims, findings and verdicts as JSON-ready objects, streamed."""
        with self.session() as session:
            yield from export_rows(session, workspace)

    # --- per-source boilerplate ----------------------------------------------------------------

    def known_boilerplate(self, session: Session, workspace: str, source_key: str) -> frozenset[str]:
        rows = session.scalars(
            select(SourceLineRow.fingerprint).where(
                SourceLineRow.workspace == workspace,
                SourceLineRow.source_key == source_key,
                SourceLineRow.article_count >= BOILERPLATE_MIN_ARTICLES,
            )
        )
        return frozenset(rows)

    def record_lines(
        self, session: Session, workspace: str, source_key: str, fingerprints: Iterable[str]
    ) -> None:
        """Count each line fingerprint once for this new article of `source_key`."""
        prints = sorted(set(fingerprints))
        if not prints:
            return
        existing = {
            row.fingerprint: row
            for row in session.scalars(
                select(SourceLineRow).where(
                    SourceLineRow.workspace == workspace,
                    SourceLineRow.source_key == source_key,
                    SourceLineRow.fingerprint.in_(prints),
                )
            )
        }
        for fp in prints:
            if fp in existing:
                existing[fp].article_count += 1
            else:
                session.add(
                    SourceLineRow(workspace=workspace, source_key=source_key, fingerprint=fp, article_count=1)
                )

    # --- claims and entities -------------------------------------------------------------------

    def add_entities(self, session: Session, workspace: str, article_id: int, extraction: Extraction) -> None:
        for ent in extraction.entities:
            session.add(
                ArticleEntityRow(
                    workspace=workspace,
                    article_id=article_id,
                    name=ent.name[:300],
                    label=ent.label,
                    mentions=len(ent.mentions) or 1,
                )
            )

    # --- findings and dismissals --------------------------------------------------------------

    def add_findings(self, session: Session, workspace: str, findings: list[Finding]) -> list[Finding]:
        """Store new findings (skipping a pair already stored with the same type); set their ids."""
        keys = {f.pair_key for f in findings}
        existing: dict[tuple[str, str], int] = {}
        for chunk in _chunks(sorted(keys), 500):
            rows = session.execute(
                select(FindingRow.type, FindingRow.pair_key, FindingRow.id).where(
                    FindingRow.workspace == workspace, FindingRow.pair_key.in_(chunk)
                )
            )
            existing.update({(kind, key): fid for kind, key, fid in rows})
        new_rows: list[tuple[Finding, FindingRow]] = []
        for finding in findings:
            known = existing.get((finding.type, finding.pair_key))
            if known is not None:
                finding.id = known
                continue
            row = FindingRow(
                workspace=workspace,
                article_id=finding.a.article_id,
                other_article_id=finding.b.article_id,
                type=finding.type,
                pair_key=finding.pair_key,
                confidence=finding.confidence,
                explanation=finding.explanation,
                data=_json_safe(asdict(finding)),
            )
            session.add(row)
            existing[(finding.type, finding.pair_key)] = -1  # a duplicate inside this batch is stored once
            new_rows.append((finding, row))
        session.flush()
        for finding, row in new_rows:
            finding.id = row.id
        return [f for f in findings if f.id is not None and f.id > 0]

    def open_findings_of(self, session: Session, workspace: str, article_id: int) -> list[FindingRow]:
        """Findings raised when this article arrived, less the dismissed ones."""
        return list(
            session.scalars(
                select(FindingRow)
                .where(
                    FindingRow.workspace == workspace,
                    FindingRow.article_id == article_id,
                    FindingRow.dismissed.is_(False),
                )
                .order_by(FindingRow.id)
            )
        )

    def recent_findings(self, workspace: str, days: int = 7, limit: int = 50) -> list[FindingRow]:
        """Open (not dismissed) findings of the last `days`, newest first."""
        since = datetime.now(UTC) - timedelta(days=days)
        with self.session() as session:
            return list(
                session.scalars(
                    select(FindingRow)
                    .where(
                        FindingRow.workspace == workspace,
                        FindingRow.dismissed.is_(False),
                        FindingRow.created_at >= since,
                    )
                    .order_by(FindingRow.created_at.desc(), FindingRow.id.desc())
                    .limit(limit)
                )
            )

    def story_labels(self, workspace: str, article_ids: Iterable[int]) -> dict[int, tuple[int | None, str]]:
        """Article id -> (story id, story label); articles in no story get (None, their title)."""
        ids = sorted(set(article_ids))
        found: dict[int, tuple[int | None, str]] = {}
        with self.session() as session:
            for chunk in _chunks(ids, 500):
                rows = session.execute(
                    select(ArticleRow.id, ArticleRow.story_id, StoryRow.label, ArticleRow.title)
                    .outerjoin(StoryRow, StoryRow.id == ArticleRow.story_id)
                    .where(ArticleRow.workspace == workspace, ArticleRow.id.in_(chunk))
                )
                for article_id, story_id, label, title in rows:
                    found[article_id] = (story_id, label or title or "Untitled article")
        return found

    def dismissed_pairs(self, session: Session, workspace: str, pair_keys: Iterable[str]) -> set[str]:
        return dismissed_pairs(session, workspace, pair_keys)

    def dismiss(self, workspace: str, finding_id: int, reason: str, user_id: str | None) -> FindingRow | None:
        """Record a user's dismissal of a finding; the pair is never flagged again in this workspace."""
        with self.session() as session:
            row = session.get(FindingRow, finding_id)
            if row is None or row.workspace != workspace:
                return None
            if not session.scalar(
                select(DismissalRow).where(
                    DismissalRow.workspace == workspace, DismissalRow.pair_key == row.pair_key
                )
            ):
                session.add(
                    DismissalRow(workspace=workspace, pair_key=row.pair_key, reason=reason, user_id=user_id)
                )
            session.execute(
                update(FindingRow)
                .where(FindingRow.workspace == workspace, FindingRow.pair_key == row.pair_key)
                .values(dismissed=True)
            )
            session.flush()
            session.refresh(row)
            return row

    # --- verdicts on findings -----------------------------------------------------------------

    def add_feedback(
        self, workspace: str, finding_id: int, verdict: str, user_id: str | None
    ) -> FeedbackRow | None:
        """Store a user's verdict on a finding of this workspace (None if there is no such finding)."""
        with self.session() as session:
            row = session.get(FindingRow, finding_id)
            if row is None or row.workspace != workspace:
                return None
            feedback = FeedbackRow(
                workspace=workspace,
                finding_id=row.id,
                finding_type=row.type,
                pair_key=row.pair_key,
                verdict=verdict,
                user_id=user_id,
                confidence=row.confidence,
                finding=row.data,
            )
            session.add(feedback)
            session.flush()
            return feedback

    def feedback(self, workspace: str | None = None) -> list[dict]:
        """Every stored verdict (of one workspace, or all), oldest first, as JSON-ready records."""
        with self.session() as session:
            query = select(FeedbackRow).order_by(FeedbackRow.id)
            if workspace is not None:
                query = query.where(FeedbackRow.workspace == workspace)
            return [
                {
                    "workspace": row.workspace,
                    "finding_id": row.finding_id,
                    "finding_type": row.finding_type,
                    "verdict": row.verdict,
                    "user_id": row.user_id,
                    "at": row.created_at.isoformat(),
                    "confidence": row.confidence,
                    "pair_key": row.pair_key,
                    "finding": row.finding,
                }
                for row in session.scalars(query)
            ]

    # --- where articles came from ----------------------------------------------------------------

    def article_sources(self, workspace: str, article_ids: Iterable[int]) -> dict[int, Source]:
        """Article id -> `Source` (name, title, date, link) for the given articles of this workspace."""
        ids = sorted(set(article_ids))
        found: dict[int, Source] = {}
        with self.session() as session:
            for chunk in _chunks(ids, 500):
                for row in session.scalars(
                    select(ArticleRow).where(ArticleRow.workspace == workspace, ArticleRow.id.in_(chunk))
                ):
                    found[row.id] = source_from_row(row)
        return found

    def note_slack_origin(
        self,
        workspace: str,
        article_ids: Iterable[int],
        origin: dict | None = None,
        permalink: str | None = None,
    ) -> None:
        """Record where articles were first analyzed in Slack; an origin or permalink already stored
        (an article pasted again) is kept."""
        ids = sorted(set(article_ids))
        if not ids:
            return
        with self.session() as session:
            for field, value in (("origin", origin), ("permalink", permalink)):
                if value:
                    column = getattr(ArticleRow, field)
                    session.execute(
                        update(ArticleRow)
                        .where(ArticleRow.workspace == workspace, ArticleRow.id.in_(ids), column.is_(None))
                        .values({field: value})
                    )

    # --- aliases -------------------------------------------------------------------------------

    def workspace_aliases(self, workspace: str) -> list[tuple[str, str]]:
        with self.session() as session:
            rows = session.execute(
                select(AliasRow.variant, AliasRow.canonical).where(AliasRow.workspace == workspace)
            )
            return [(v, c) for v, c in rows]

    def alias_stamp(self, workspace: str) -> tuple[int, int]:
        """(count, newest id) of the workspace's aliases: changes whenever one is added or replaced."""
        with self.session() as session:
            count, newest = session.execute(
                select(func.count(AliasRow.id), func.coalesce(func.max(AliasRow.id), 0)).where(
                    AliasRow.workspace == workspace
                )
            ).one()
            return int(count), int(newest)

    def add_alias(self, workspace: str, variant: str, canonical: str, user_id: str | None = None) -> None:
        with self.session() as session:
            session.execute(
                delete(AliasRow).where(AliasRow.workspace == workspace, AliasRow.variant == variant)
            )
            session.add(
                AliasRow(workspace=workspace, variant=variant, canonical=canonical, created_by=user_id)
            )

    # --- Slack event de-duplication --------------------------------------------------------------

    def claim_event(self, key: str) -> bool:
        """True the first time `key` is claimed; False for a retry or a duplicate delivery."""
        try:
            with self.session() as session:
                session.add(SlackEventRow(key=key[:200]))
        except IntegrityError:
            return False
        return True

    def search_claims(
        self,
        workspace: str,
        words: list[str],
        speakers: list[str] | None = None,
        *,
        limit: int = 10,
        offset: int = 0,
    ) -> list[dict]:
        """Stored quotes and sentences, newest article first: each word in the claim's text or its
        speaker's name; with `speakers`, only claims whose speaker is one of them or has one of them
        as surname ("Kirby" finds "John Kirby")."""
        with self.session() as session:
            query = (
                select(ClaimRow, ArticleRow)
                .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
                .where(ClaimRow.workspace == workspace, ClaimRow.kind.in_(("quote", "fact")))
            )
            if speakers:
                speaker = func.lower(ClaimRow.speaker)
                query = query.where(
                    or_(
                        *(speaker == name.lower() for name in speakers),
                        *(speaker.endswith(" " + name.lower(), autoescape=True) for name in speakers),
                    )
                )
            for word in words:
                query = query.where(
                    or_(
                        func.lower(ClaimRow.text).contains(word.lower(), autoescape=True),
                        func.lower(ClaimRow.speaker).contains(word.lower(), autoescape=True),
                    )
                )
            order = (ArticleRow.created_at.desc(), ArticleRow.id.desc(), ClaimRow.start_char)
            rows = session.execute(query.order_by(*order).offset(offset).limit(limit))
            return [
                {
                    "text": claim.text,
                    "speaker": claim.speaker,
                    "kind": claim.subkind or claim.kind,
                    "article_id": art.id,
                    "title": art.title,
                    "source": source_from_row(art),
                    "start_char": claim.start_char,
                    "end_char": claim.end_char,
                }
                for claim, art in rows
            ]


def dismissed_pairs(session: Session, workspace: str, pair_keys: Iterable[str]) -> set[str]:
    """Pair keys a user dismissed in this workspace, read in the caller's session (`find_findings` runs
    inside the ingest transaction of a new article; `Store.dismissed_pairs` delegates here)."""
    keys = sorted(set(pair_keys))
    if not keys:
        return set()
    return set(
        session.scalars(
            select(DismissalRow.pair_key).where(
                DismissalRow.workspace == workspace, DismissalRow.pair_key.in_(keys)
            )
        )
    )


def source_from_row(row: ArticleRow) -> Source:
    return source_of(
        source=row.source,
        site_name=row.site_name,
        url=row.url,
        title=row.title,
        published=row.published,
        stored=row.created_at.date() if row.created_at else None,
        origin=row.origin,
        permalink=row.permalink,
    )


def _chunks(items: list, size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _json_safe(value):
    from bot.models import _jsonable

    return _jsonable(value)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is reported as such
        return "<malformed database URL>"
