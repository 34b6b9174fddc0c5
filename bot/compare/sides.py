"""One side of a comparison (a stored claim and its article) and how it becomes a `ClaimRef`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from bot.compare.meaning import Meaning
from bot.compare.text import clauses
from bot.models import ClaimRef
from bot.store.schema import ArticleRow, ClaimRow


@dataclass(slots=True)
class Side:
    row: ClaimRow
    article: ArticleRow
    memo: dict[str, Any] = field(default_factory=dict)  # readings of this claim, computed once per call
    meaning: Meaning | None = None  # sentence embeddings of this comparison run (None: rules only)

    def clause_spans(self, whole: bool = True) -> list[tuple[int, int]]:
        """Clause offsets into the claim's text, plus (with `whole`) the whole text when it splits."""
        spans = list(clauses(self.row.text))
        if whole and (0, len(self.row.text)) not in spans:
            spans.append((0, len(self.row.text)))
        return spans

    @property
    def published(self) -> date | None:
        return self.article.published

    def ref(self, span: tuple[int, int] | None = None) -> ClaimRef:
        """The claim as a finding side; `span` narrows it to a clause (offsets into the claim's text)."""
        row = self.row
        start, end, text = row.start_char, row.end_char, row.text
        if span is not None:
            start, end = row.start_char + span[0], row.start_char + span[1]
            text = row.text[span[0] : span[1]]
        return ClaimRef(
            article_id=row.article_id,
            source=self.article.source,
            published=self.article.published,
            title=self.article.title,
            sentence=row.sentence or row.text,
            text=text,
            start_char=start,
            end_char=end,
            claim_id=row.id,
            speaker=row.speaker,
        )

    def places(self) -> set[str]:
        """Venues of the claim's sentence (see `index._venues_in`)."""
        return {p.casefold() for p in (self.row.data or {}).get("venues", [])}


def related_meaning(a: Side, b: Side, a_text: str | None = None, b_text: str | None = None) -> bool:
    """The two sentences (or the given parts of them) mean related things; True when no model runs."""
    if a.meaning is None:
        return True
    return a.meaning.related(a_text or a.row.sentence or a.row.text, b_text or b.row.sentence or b.row.text)


def days_apart(a: Side, b: Side) -> int | None:
    """Days between the two articles' publication dates, or None when either is unknown."""
    if a.published is None or b.published is None:
        return None
    return abs((a.published - b.published).days)


def same_story(a: Side, b: Side) -> bool:
    """Both articles were clustered into one story (so they report the same days)."""
    return a.article.story_id is not None and a.article.story_id == b.article.story_id


def same_outlet(a: Side, b: Side) -> bool:
    """Both articles come from the same known site (then one cannot corroborate the other)."""
    oa, ob = _outlet(a.article), _outlet(b.article)
    return bool(oa) and oa == ob


def _outlet(article: ArticleRow) -> str | None:
    if article.site_name:
        return article.site_name.casefold()
    if article.url:
        host = urlsplit(article.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def disjoint_places(a: Side, b: Side) -> bool:
    """Both name places and none in common: likely two different events ("talks in Jeddah"/"in Paris")."""
    pa, pb = a.places(), b.places()
    return bool(pa) and bool(pb) and not (pa & pb)
