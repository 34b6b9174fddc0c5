"""What a digest says: the articles stored in a window, grouped by story, the stories with open
conflicts first; per story its open conflicts, corroborations, top check-worthy claims (with their
speakers) and figures. Dismissed findings never appear. Rendering is the caller's (`bot.digest.text`
for the terminal, `handlers.blocks` for Slack).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.models import Finding, StoredArticle, _jsonable
from bot.store import Store
from bot.store.repository import finding_of, to_stored
from bot.store.schema import ArticleRow, ClaimRow, FindingRow, StoryRow

# How much of one story a digest shows; the rest is counted.
MAX_STORY_CONFLICTS = 8
MAX_STORY_CORROBORATIONS = 3
MAX_STORY_CLAIMS = 3
MAX_STORY_FIGURES = 5


@dataclass(slots=True)
class CheckClaim:
    """A check-worthy sentence (`score` from the claim ranker) and who said it, if it is a quote."""

    text: str
    score: float
    speaker: str | None
    article_id: int


@dataclass(slots=True)
class Figure:
    text: str
    quantity: str
    subject: str | None
    time: str | None
    article_id: int


@dataclass(slots=True)
class StoryDigest:
    story_id: int | None
    label: str
    articles: list[StoredArticle] = field(default_factory=list)
    conflicts: list[Finding] = field(default_factory=list)
    more_conflicts: int = 0
    corroborations: list[Finding] = field(default_factory=list)
    more_corroborations: int = 0
    claims: list[CheckClaim] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    @property
    def corroborated(self) -> list[str]:
        """The corroborated sentences of this story's new articles, each once, on one line."""
        return list(dict.fromkeys(one_line(f.a.sentence or f.a.text) for f in self.corroborations))

    @property
    def open_conflicts(self) -> int:
        return len(self.conflicts) + self.more_conflicts

    def rank(self) -> tuple[float, ...]:
        """Sort key, smallest first: conflicts between two articles (most confident first), then
        disagreements inside one article, then stories without conflicts; older stories first on ties."""
        across = [f.confidence for f in self.conflicts if not within_article(f)]
        inside = [f.confidence for f in self.conflicts if within_article(f)]
        first = min(a.id for a in self.articles) if self.articles else 0
        return (-max(across, default=0.0), -len(across), -max(inside, default=0.0), -len(inside), first)


@dataclass(slots=True)
class Digest:
    workspace: str
    since: datetime
    until: datetime
    stories: list[StoryDigest] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.stories

    @property
    def article_count(self) -> int:
        return sum(len(s.articles) for s in self.stories)

    @property
    def conflict_count(self) -> int:
        return sum(s.open_conflicts for s in self.stories)

    def article_ids(self) -> set[int]:
        """The articles the digest names: its own, and both sides of each conflict shown."""
        ids = {a.id for s in self.stories for a in s.articles}
        return ids | {side.article_id for s in self.stories for f in s.conflicts for side in (f.a, f.b)}

    def to_json(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "articles": self.article_count,
            "open_conflicts": self.conflict_count,
            "stories": [
                _jsonable(
                    {
                        **asdict(story),
                        "conflicts": [{**asdict(f), "pair_key": f.pair_key} for f in story.conflicts],
                    }
                )
                for story in self.stories
            ],
        }


def one_line(text: str) -> str:
    return " ".join(text.split())


def within_article(finding: Finding) -> bool:
    """Two sources inside one article disagree (rather than two articles)."""
    return finding.a.article_id == finding.b.article_id


def build_digest(
    store: Store, workspace: str, since: datetime, until: datetime, *, min_conflict_confidence: float = 0.0
) -> Digest:
    """The digest of the articles `workspace` stored in [since, until)."""
    digest = Digest(workspace=workspace, since=since, until=until)
    with store.session() as session:
        articles = list(
            session.scalars(
                select(ArticleRow)
                .where(
                    ArticleRow.workspace == workspace,
                    ArticleRow.created_at >= since,
                    ArticleRow.created_at < until,
                )
                .order_by(ArticleRow.id)
            )
        )
        if not articles:
            return digest
        ids = [a.id for a in articles]
        findings = [
            finding_of(row)
            for row in session.scalars(
                select(FindingRow)
                .where(
                    FindingRow.workspace == workspace,
                    FindingRow.article_id.in_(ids),
                    FindingRow.dismissed.is_(False),
                )
                .order_by(FindingRow.confidence.desc(), FindingRow.id)
            )
        ]
        claims = list(
            session.scalars(
                select(ClaimRow).where(
                    ClaimRow.workspace == workspace,
                    ClaimRow.article_id.in_(ids),
                    ClaimRow.kind.in_(("fact", "quote", "numeric")),
                )
            )
        )
        story_ids = {a.story_id for a in articles if a.story_id is not None}
        labels = dict(
            session.execute(
                select(StoryRow.id, StoryRow.label).where(
                    StoryRow.workspace == workspace, StoryRow.id.in_(story_ids)
                )
            ).all()
        )
    stories = _stories(articles, labels)
    story_of = {a.id: a.story_id or -a.id for a in articles}
    _add_findings(stories, story_of, findings, min_conflict_confidence)
    _add_claims(stories, story_of, claims)
    digest.stories = sorted(stories.values(), key=StoryDigest.rank)
    return digest


def _stories(articles: list[ArticleRow], labels: dict[int, str]) -> dict[int, StoryDigest]:
    """One group per story; an article without a story is a group of its own (keyed by -id)."""
    stories: dict[int, StoryDigest] = {}
    for row in articles:
        key = row.story_id or -row.id
        if key not in stories:
            label = labels.get(row.story_id) if row.story_id else None
            stories[key] = StoryDigest(row.story_id, label or row.title or "Untitled article")
        stories[key].articles.append(to_stored(row))
    return stories


def _add_findings(
    stories: dict[int, StoryDigest], story_of: dict[int, int], findings: list[Finding], min_confidence: float
) -> None:
    for finding in findings:
        story = stories[story_of[finding.a.article_id]]
        if finding.type == "corroboration":
            if len(story.corroborations) < MAX_STORY_CORROBORATIONS:
                story.corroborations.append(finding)
            else:
                story.more_corroborations += 1
        elif finding.confidence >= min_confidence:
            story.conflicts.append(finding)
    for story in stories.values():
        story.conflicts.sort(key=lambda f: (within_article(f), -f.confidence, f.id or 0))
        story.more_conflicts = max(0, len(story.conflicts) - MAX_STORY_CONFLICTS)
        del story.conflicts[MAX_STORY_CONFLICTS:]


def _add_claims(stories: dict[int, StoryDigest], story_of: dict[int, int], claims: list[ClaimRow]) -> None:
    """Top check-worthy sentences per story (a quote in the same sentence names the speaker) and
    the story's figures, each figure once."""
    speakers = {
        (c.article_id, c.sentence_start): c.speaker for c in claims if c.kind == "quote" and c.speaker
    }
    facts: dict[int, list[CheckClaim]] = defaultdict(list)
    figures: dict[int, list[Figure]] = defaultdict(list)
    seen: set[tuple[int, str | None, float | None, str | None]] = set()
    for row in sorted(claims, key=lambda c: (c.article_id, c.start_char)):
        key = story_of[row.article_id]
        if row.kind == "fact" and row.score > 0:
            speaker = speakers.get((row.article_id, row.sentence_start))
            facts[key].append(
                CheckClaim(one_line(row.sentence or row.text), row.score, speaker, row.article_id)
            )
        elif row.kind == "numeric" and row.subkind != "date":
            figure_key = (key, row.quantity_key, row.value, row.unit)
            if figure_key in seen:
                continue
            seen.add(figure_key)
            quantity = (row.data or {}).get("quantity") or ""
            figures[key].append(Figure(row.text, quantity, row.subject, row.time_ref, row.article_id))
    for key, story in stories.items():
        story.claims = sorted(facts[key], key=lambda c: -c.score)[:MAX_STORY_CLAIMS]
        story.figures = figures[key][:MAX_STORY_FIGURES]
