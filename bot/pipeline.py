"""The analyze path, one way through:

1. ingest   — raw text, file, stdin or URL → `RawInput` (bad input refused with `InputError`)
2. clean    — `RawInput` → `CleanedArticle` (web junk out; per-source boilerplate learnt from the store)
3. dedupe   — same cleaned text or canonical URL in this workspace → reported as already seen
4. parse    — one spaCy model, `nlp.pipe` over a batch of cleaned texts
5. extract  — quotes, figures, entities, check-worthy sentences (`bot.extract.extract`)
6. store    — article, claims, keys, entities and story, in one transaction with step 7
7. compare  — findings against the workspace's stored claims (`bot.compare`)
8. report   — `Report` (summary + findings), rendered by the CLI or the Slack handlers

Steps 2-7 of each article run against a time and memory budget (`bot.budget`, settings
`analysis_seconds` / `analysis_memory_mb`); past it the article is refused with one line and nothing of
it is stored (the budget stops the work before the transaction commits). Fetching a link is bounded by
its own timeouts and is not counted. Articles parsed together in one batch share the sum of their
budgets for the parse.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from urllib.parse import urlsplit

from spacy.language import Language
from sqlalchemy.exc import IntegrityError

from bot.aliases import AliasTable
from bot.budget import Budget
from bot.clean import body_fingerprints, clean_text
from bot.compare import assign_story, find_findings, index_claims, shown
from bot.extract import extract
from bot.extract.language import is_english
from bot.ingest import InputError, RawInput, check_text, read_paste
from bot.models import CleanedArticle, Finding, Report
from bot.nlp import load_nlp, parse_text, parse_texts
from bot.search import Page, search
from bot.settings import Settings
from bot.similarity import Similarity, get_similarity
from bot.store import Store
from bot.store.repository import finding_of, to_stored
from bot.store.schema import ClaimRow
from bot.summarise import summarise

log = logging.getLogger(__name__)

# Articles parsed together by `nlp.pipe`; boilerplate learnt inside a batch applies from the next one.
BATCH_SIZE = 16

# Findings kept per new article, by group, and per claim of the new article (see `select_findings`).
MAX_FINDINGS = {"conflict": 20, "corroboration": 10}
MAX_FINDINGS_PER_CLAIM = 3

__all__ = ["Analyzer", "InputError", "select_findings"]


@dataclass(slots=True)
class _Prepared:
    raw: RawInput
    article: CleanedArticle
    source_key: str
    budget: Budget


class Analyzer:
    """Runs the analyze path for one process: one model, one store, alias tables per workspace."""

    def __init__(self, settings: Settings, store: Store | None = None, *, compare: bool = True) -> None:
        """`compare=False` stores and indexes articles without looking for findings (loading an archive:
        later articles are still compared against them)."""
        self.settings = settings
        self.compare = compare
        self._store = store
        self._aliases: dict[str, tuple[tuple[int, int], AliasTable]] = {}

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.settings.database_url)
        return self._store

    @cached_property
    def nlp(self) -> Language:
        return load_nlp(self.settings.spacy_model)

    @cached_property
    def similarity(self) -> Similarity | None:
        """The sentence model comparisons consult, or None: with `lexical` the comparison rules' own
        concept overlap (which folds synonyms such as "launched"/"began") is the word-level scorer."""
        return get_similarity(self.settings) if self.settings.similarity == "semantic" else None

    def aliases(self, workspace: str) -> AliasTable:
        """The shared alias table with this workspace's own aliases on top.

        Rebuilt when the workspace's aliases changed, also when another process (a second gunicorn
        worker) added one: a cheap count/max-id query tells."""
        stamp = self.store.alias_stamp(workspace)
        cached = self._aliases.get(workspace)
        if cached is None or cached[0] != stamp:
            extra = self.store.workspace_aliases(workspace)
            cached = (stamp, AliasTable.load(self.settings.alias_file, extra=extra))
            self._aliases[workspace] = cached
        return cached[1]

    def add_alias(self, workspace: str, variant: str, canonical: str, user_id: str | None = None) -> None:
        variant, canonical = variant.strip(), canonical.strip()
        if not variant or not canonical or variant.casefold() == canonical.casefold():
            raise InputError("alias", "give two different names: `alias <variant> = <canonical>`")
        self.store.add_alias(workspace, variant, canonical, user_id)

    # --- entry points -------------------------------------------------------------------------

    def analyze_text(self, text: str, *, workspace: str, source: str = "paste") -> Report:
        """Analyze one pasted article."""
        return next(self.analyze_inputs([read_paste(text, source, self.settings.max_input_bytes)], workspace))

    def analyze_message(self, text: str, *, workspace: str, source: str) -> list[Report]:
        """A chat message: the links in it (up to the setting), or else the pasted article itself.

        Each link stands alone: one that fails is named in the first report's notes, and only when
        every link fails is the first failure raised."""
        from bot.urls import find_urls, is_url_only

        urls = find_urls(text, limit=self.settings.max_links_per_message)
        if not (urls and is_url_only(text)):
            paste = read_paste(strip_slack_markup(text), source, self.settings.max_input_bytes)
            return list(self.analyze_inputs([paste], workspace))
        reports: list[Report] = []
        failures: list[InputError] = []
        for url in urls:
            try:
                reports += self.analyze_inputs([RawInput(source=url, text=url, kind="url")], workspace)
            except InputError as exc:
                failures.append(exc)
        if not reports:
            raise failures[0]
        reports[0].summary.notes += [f"Could not analyze {err.source}: {err.problem}" for err in failures]
        return reports

    def analyze_inputs(self, inputs: Iterable[RawInput], workspace: str) -> Iterator[Report]:
        """Analyze inputs in order, in batches: each yields a `Report` or raises `InputError`."""
        it = iter(inputs)
        self.nlp  # noqa: B018 - loaded before any budget starts: the model's memory is not the article's
        while batch := list(islice(it, BATCH_SIZE)):
            prepared = [self.prepare(raw, workspace) for raw in batch]
            parse_budget = prepared[0].budget.scaled(len(prepared))
            with parse_budget.running():
                docs = list(parse_texts(self.nlp, (p.article.cleaned_text for p in prepared)))
            for prep in prepared:
                prep.budget.spent += parse_budget.spent / len(prepared)
            for prep, doc in zip(prepared, docs, strict=True):
                yield self.store_and_compare(prep, doc, workspace)

    # --- stages -------------------------------------------------------------------------------

    def prepare(self, raw: RawInput, workspace: str) -> _Prepared:
        """Ingest and clean one input (fetching it first if it is a URL), with the boilerplate its
        source is known to repeat."""
        from bot.fetch import FetchError, fetch_page
        from bot.html import article_from_html, article_from_page
        from bot.urls import canonicalize_url

        budget = self.budget(raw.source)
        try:
            if raw.kind == "url":
                page = fetch_page(raw.text, self.settings)
                key = source_key_for(raw.source, page.final_url)
                known = self.known_boilerplate(workspace, key)
                with budget.running():
                    article = article_from_page(page, known)
                article.canonical_url = article.canonical_url or canonicalize_url(page.final_url)
            else:
                key = source_key_for(raw.source, None)
                known = self.known_boilerplate(workspace, key)
                with budget.running():
                    if raw.kind == "html":
                        article = article_from_html(
                            raw.text, url=None, source=raw.source, known_boilerplate=known
                        )
                    else:
                        article = clean_text(raw.text, source=raw.source, known_boilerplate=known)
        except FetchError as exc:
            raise InputError(raw.source, exc.user_message) from exc
        if not article.cleaned_text.strip():
            raise InputError(raw.source, "nothing left after removing web junk: no article text found")
        check_text(article.cleaned_text, raw.source, self.settings.max_input_bytes)  # a fetched page too
        with budget.running():
            article.language = "en" if is_english(article.cleaned_text) else "other"
        return _Prepared(raw=raw, article=article, source_key=key, budget=budget)

    def budget(self, source: str) -> Budget:
        """A fresh budget for one article, from the settings."""
        return Budget(source, self.settings.analysis_seconds, self.settings.analysis_memory_mb)

    def known_boilerplate(self, workspace: str, source_key: str) -> frozenset[str]:
        with self.store.session() as session:
            return self.store.known_boilerplate(session, workspace, source_key)

    def store_and_compare(self, prep: _Prepared, doc, workspace: str) -> Report:
        """Store the article and its claims, and compare it, in one transaction.

        Two requests storing the same article at once: the loser's unique-key violation rolls its
        transaction back, and the retry finds the winner's copy and reports it as already seen."""
        try:
            return self._store_and_compare(prep, doc, workspace)
        except IntegrityError:
            return self._store_and_compare(prep, doc, workspace)

    def _store_and_compare(self, prep: _Prepared, doc, workspace: str) -> Report:
        article = prep.article
        aliases = self.aliases(workspace)
        with prep.budget.running():
            extraction = extract(doc, aliases, article.published, english=article.language == "en")
        with self.store.session() as session, prep.budget.running():  # stopped before the commit
            existing = self.store.find_existing(
                session, workspace, article.cleaned_text, article.canonical_url
            )
            if existing is not None:
                if existing.cleaned_text != article.cleaned_text:  # same URL, other text: the stored one
                    stored_doc = parse_text(self.nlp, existing.cleaned_text)
                    extraction = extract(stored_doc, aliases, existing.published)
                findings = [
                    finding_of(r) for r in self.store.open_findings_of(session, workspace, existing.id)
                ]
                return self._report(to_stored(existing), True, extraction, self._shown(findings))
            row = self.store.add_article(session, workspace, article, prep.source_key)
            self.store.record_lines(session, workspace, prep.source_key, body_fingerprints(article))
            self.store.add_entities(session, workspace, row.id, extraction)
            findings = []
            if extraction.english:
                claims: list[ClaimRow] = index_claims(session, workspace, row, extraction)
                assign_story(session, workspace, row, extraction)
                if self.compare:
                    found = find_findings(session, workspace, row, claims, self.similarity)
                    findings = select_findings(found)
                    findings = self.store.add_findings(session, workspace, findings)
            session.flush()
            stored = to_stored(row)
        log.info(
            "article stored",
            extra={"workspace": workspace, "article_id": stored.id, "findings": len(findings)},
        )
        return self._report(stored, False, extraction, self._shown(findings))

    def _shown(self, findings: list[Finding]) -> list[Finding]:
        return shown(findings, self.settings.conflict_min_confidence)

    def _report(self, stored, already_seen: bool, extraction, findings: list[Finding]) -> Report:
        cleaned = CleanedArticle(
            cleaned_text=stored.cleaned_text,
            title=stored.title,
            source=stored.source,
            url=stored.url,
            published=stored.published,
        )
        summary = summarise(cleaned, extraction)
        return Report(
            article=stored,
            already_seen=already_seen,
            extraction=extraction,
            summary=summary,
            findings=findings,
        )

    # --- search -------------------------------------------------------------------------------

    def search(self, workspace: str, query: str, offset: int = 0) -> Page:
        """A page of stored claims matching words and `speaker:Name` (see `bot.search`)."""
        return search(self.store, self.aliases(workspace), workspace, query, offset=offset)


def select_findings(findings: list[Finding]) -> list[Finding]:
    """What a reporter is shown: conflicts first, the most confident first, a few per claim.

    Copies of one wire story in several outlets would otherwise give each new article hundreds of
    corroborations (measured: ~450 per article when storing 1,000 near-duplicate articles).
    """
    per_claim: dict[tuple[str, int, int], int] = {}
    chosen: dict[str, list[Finding]] = {"conflict": [], "corroboration": []}
    for finding in sorted(findings, key=lambda f: (f.type == "corroboration", -f.confidence)):
        group = "corroboration" if finding.type == "corroboration" else "conflict"
        claim = (group, finding.a.start_char, finding.a.end_char)
        if per_claim.get(claim, 0) >= MAX_FINDINGS_PER_CLAIM or len(chosen[group]) >= MAX_FINDINGS[group]:
            continue
        per_claim[claim] = per_claim.get(claim, 0) + 1
        chosen[group].append(finding)
    return chosen["conflict"] + chosen["corroboration"]


SLACK_LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]*))?>")
SLACK_MENTION = re.compile(r"<[@#!][^>]*>")


def strip_slack_markup(text: str) -> str:
    """Undo Slack's message markup in a pasted article: mentions out, links back to their labels."""
    text = SLACK_MENTION.sub("", text)
    text = SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def source_key_for(source: str, url: str | None) -> str:
    """The 'same source' for boilerplate learning: the site's host for pages, the paste source otherwise."""
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or source
    if "/" in source:  # a file: its folder stands for the paste source
        return "file:" + source.rsplit("/", 1)[0]
    return source


