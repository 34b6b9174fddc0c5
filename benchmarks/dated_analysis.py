"""The real analyze path for benchmark articles whose publication date is known.

Plain-text input carries no date the cleaner reads (only web pages do, through their metadata), but the
comparison weighs dates: an update needs the later article to be later. So the benchmarks set each
article's `published` between cleaning and parsing — the only step `Analyzer.analyze_inputs` would do
differently — and otherwise run the same stages: `Analyzer.prepare`, one `nlp.pipe` per batch,
`Analyzer.store_and_compare`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.ingest import read_paste  # noqa: E402
from bot.models import Finding, Report  # noqa: E402
from bot.pipeline import Analyzer  # noqa: E402

CONFLICT_TYPES = (
    "numeric_discrepancy",
    "updated_figure",
    "quote_wording",
    "attribution_conflict",
    "polarity_conflict",
)
BATCH_SIZE = 32


@dataclass(slots=True)
class DatedText:
    """One article to analyze: its text (title line, blank line, body), source, date and workspace."""

    text: str
    source: str
    published: date | None
    workspace: str


def analyze_dated(analyzer: Analyzer, articles: Iterable[DatedText]) -> Iterator[tuple[DatedText, Report]]:
    """Analyze articles in order, each in its own workspace, with its publication date set."""
    it = iter(articles)
    while batch := list(islice(it, BATCH_SIZE)):
        prepared = []
        for item in batch:
            raw = read_paste(item.text, item.source, analyzer.settings.max_input_bytes)
            prep = analyzer.prepare(raw, item.workspace)
            prep.article.published = item.published
            prepared.append(prep)
        docs = analyzer.nlp.pipe(p.article.cleaned_text for p in prepared)
        for item, prep, doc in zip(batch, prepared, docs, strict=True):
            yield item, analyzer.store_and_compare(prep, doc, item.workspace)


def is_conflict(finding: Finding) -> bool:
    return finding.type in CONFLICT_TYPES


def shown_threshold(analyzer: Analyzer) -> float:
    """Confidence from which a conflict is shown to a reporter (0.0 until the setting exists)."""
    return analyzer.settings.conflict_min_confidence


def finding_record(finding: Finding) -> dict[str, Any]:
    """A finding as one JSON object: type, confidence, why, and both sides with sentence, source, date."""

    def side(ref) -> dict[str, Any]:
        data = asdict(ref)
        data["published"] = ref.published.isoformat() if ref.published else None
        return data

    return {
        "type": finding.type,
        "confidence": round(finding.confidence, 4),
        "explanation": finding.explanation,
        "details": finding.details,
        "within_article": finding.a.article_id == finding.b.article_id,
        "a": side(finding.a),
        "b": side(finding.b),
    }
