"""A stand-in for `bot.pipeline.Analyzer` with a real SQLite `Store` but no spaCy: fast and predictable.

Each pasted text is stored as an article (title = first line). Every figure `N%` in it is compared
with the previous article of the workspace: a different percentage there gives a stored
`numeric_discrepancy` finding, so the dismiss buttons have real ids. The real analyzer is
exercised by the slow test in `test_app_real_analyzer.py`.
"""

from __future__ import annotations

import re
import threading

from bot.aliases import AliasTable
from bot.ingest import InputError
from bot.models import (
    ClaimRef,
    CleanedArticle,
    Extraction,
    FactClaim,
    Finding,
    Quote,
    Report,
    Span,
    Summary,
)
from bot.search import Page, search
from bot.settings import Settings
from bot.store import Store
from bot.store.repository import to_stored

PERCENT = re.compile(r"\d+(?:\.\d+)?%")


class FakeAnalyzer:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[str] = []
        self._last: dict[str, tuple[int, str, str]] = {}  # workspace -> (article id, figure, sentence)
        self._lock = threading.Lock()

    def analyze_message(self, text: str, *, workspace: str, source: str) -> list[Report]:
        self.calls.append(text)
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        if text.strip().startswith("http://unreachable"):
            raise InputError(text.strip(), "could not fetch the page (connection refused)")
        title, _, body = text.strip().partition("\n")
        cleaned = f"{title}\n\n{body.strip()}" if body.strip() else title
        article = CleanedArticle(cleaned_text=cleaned, title=title, source=source)
        with self._lock, self.store.session() as session:
            row = self.store.add_article(session, workspace, article, source)
            findings = self._compare(workspace, row.id, cleaned, source, title)
            self.store.add_findings(session, workspace, findings)
            stored = to_stored(row)
        lead = [Span(body.strip(), len(title) + 2, len(cleaned))] if body.strip() else []
        summary = Summary(
            headline=title,
            source=source,
            published=None,
            lead=lead,
            top_claims=[FactClaim(s.text, s.start_char, s.end_char, 0.9) for s in lead],
            quotes_by_speaker={"Test Speaker": [Quote(title, 0, len(title), "direct", "Test Speaker")]},
            figures=[],
            people=["Test Speaker"],
            places=[],
            orgs=[],
        )
        return [Report(stored, False, Extraction(), summary, findings)]

    def _compare(
        self, workspace: str, article_id: int, cleaned: str, source: str, title: str
    ) -> list[Finding]:
        match = PERCENT.search(cleaned)
        if not match:
            return []
        previous = self._last.get(workspace)
        self._last[workspace] = (article_id, match.group(), cleaned)
        if previous is None or previous[1] == match.group():
            return []
        old_id, old_figure, old_text = previous
        old_start = old_text.find(old_figure)
        a = ClaimRef(article_id, source, None, title, cleaned, match.group(), match.start(), match.end())
        b = ClaimRef(old_id, source, None, None, old_text, old_figure, old_start, old_start + len(old_figure))
        return [Finding("numeric_discrepancy", a, b, f"{match.group()} here, {old_figure} before", 0.8)]

    def search(self, workspace: str, query: str, offset: int = 0) -> Page:
        """The real search over the real store (its claims are the ones this fake never indexes)."""
        aliases = AliasTable.load(Settings().alias_file, extra=self.store.workspace_aliases(workspace))
        return search(self.store, aliases, workspace, query, offset=offset)

    def add_alias(self, workspace: str, variant: str, canonical: str, user_id: str | None = None) -> None:
        self.store.add_alias(workspace, variant, canonical, user_id)
