"""`find_findings`: compare a new article's claims with indexed candidates and within the article itself.

Order of work: candidates through the key index (never a scan), one explicit check per claim kind
(figures, quotes, statements), disagreements inside the article, then duplicates and dismissed pairs
are dropped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.compare.candidates import candidates, load
from bot.compare.figures import compare_figures
from bot.compare.meaning import Meaning
from bot.compare.quotes import compare_quotes
from bot.compare.restated import restated
from bot.compare.revisions import compare_revision
from bot.compare.same_thing import figure_values, several_values
from bot.compare.sides import Side
from bot.compare.statements import compare_statements, within_article
from bot.models import ClaimRef, Finding
from bot.similarity import Similarity
from bot.store.repository import dismissed_pairs
from bot.store.schema import ArticleRow, ClaimRow

CHECKS: dict[str, Callable[[Side, Side], Finding | None]] = {
    "numeric": compare_figures,
    "quote": compare_quotes,
    "fact": compare_statements,
}
# Claims whose sentences are compared as frames first (`bot.compare.restated`).
RESTATED_KINDS = frozenset({"numeric", "fact"})
# When one pair of claims could be reported twice, the more specific finding wins.
_PRIORITY = {
    "attribution_conflict": 0,
    "quote_wording": 1,
    "numeric_discrepancy": 2,
    "updated_figure": 3,
    "polarity_conflict": 4,
    "corroboration": 5,
}


def find_findings(
    session: Session,
    workspace: str,
    article: ArticleRow,
    claims: list[ClaimRow],
    similarity: Similarity | None = None,
) -> list[Finding]:
    """Findings of a new (already indexed) article against stored ones and inside itself.

    With `similarity`, corroborations must also mean related things (not only share words)."""
    meaning = Meaning(similarity) if similarity is not None else None
    found = _across(session, workspace, article, claims, meaning)
    facts = sorted((c for c in claims if c.kind == "fact"), key=lambda c: c.start_char)
    found += within_article([Side(c, article) for c in facts], quoted_speakers(facts, claims))
    found = _dedupe(found)
    dismissed = dismissed_pairs(session, workspace, [f.pair_key for f in found])
    return [f for f in found if f.pair_key not in dismissed]


def shown(findings: list[Finding], min_confidence: float) -> list[Finding]:
    """What reports show: every corroboration, and conflicts at `min_confidence` or above."""
    return [f for f in findings if f.type == "corroboration" or f.confidence >= min_confidence]


def _across(
    session: Session, workspace: str, article: ArticleRow, claims: list[ClaimRow], meaning: Meaning | None
) -> list[Finding]:
    per_claim = candidates(session, workspace, article.id, claims)
    stored = load(session, workspace, (cid for ids in per_claim.values() for cid in ids))
    sides = {cid: Side(row, other, meaning=meaning) for cid, (row, other) in stored.items()}  # read once
    found: list[Finding] = []
    mine_sides = [Side(c, article, meaning=meaning) for c in claims]
    values = figure_values(mine_sides + list(sides.values()))
    for claim, mine in zip(claims, mine_sides, strict=True):
        check = CHECKS.get(claim.kind)
        if check is None:
            continue
        for cid in per_claim.get(claim.id, []):
            theirs = sides.get(cid)
            if theirs is None or theirs.row.kind != claim.kind or theirs.article.id == article.id:
                continue
            if claim.kind == "numeric":
                revised = compare_revision(mine, theirs)
                if revised is not None:
                    found.append(revised)
                    continue
            if claim.kind in RESTATED_KINDS:
                framed, finding = restated(mine, theirs)
                if finding is not None:
                    found.append(finding)
                if framed and (finding is not None or claim.kind == "numeric"):
                    continue  # one sentence in other words: its figures are compared slot by slot only
            if claim.kind == "numeric" and (several_values(values, mine) or several_values(values, theirs)):
                continue  # parts and totals ("21,600 workers", "6,100 workers"): not one figure
            finding = check(mine, theirs)
            if finding is not None:
                found.append(finding)
    return found


def quoted_speakers(facts: list[ClaimRow], claims: list[ClaimRow]) -> dict[int, set[str]]:
    """Fact claim id -> speakers of the quotes that start inside that sentence.

    Quotes are found by bisection on their start: a message of 1,200 short quotations made the scan of
    every quote for every sentence cost seconds."""
    quotes = sorted((c.start_char, c.speaker) for c in claims if c.kind == "quote" and c.speaker)
    starts = [start for start, _ in quotes]

    def inside(fact: ClaimRow) -> set[str]:
        lo, hi = bisect_left(starts, fact.start_char), bisect_left(starts, fact.end_char)
        return {speaker for _, speaker in quotes[lo:hi]}

    return {f.id: inside(f) for f in facts}


def _dedupe(found: list[Finding]) -> list[Finding]:
    """One finding per claim pair; a statement-level finding is dropped where a more specific one (a quote,
    a figure) already covers the same two places."""
    kept: list[Finding] = []
    by_articles: dict[frozenset[int], list[Finding]] = defaultdict(list)  # only these can cover each other
    seen: set[str] = set()
    for f in sorted(found, key=lambda f: (_PRIORITY[f.type], -f.confidence)):
        if f.pair_key in seen:
            continue
        pair = frozenset((f.a.article_id, f.b.article_id))
        if f.type in ("corroboration", "polarity_conflict") and any(_covers(k, f) for k in by_articles[pair]):
            continue
        kept.append(f)
        by_articles[pair].append(f)
        seen.add(f.pair_key)
    return sorted(kept, key=lambda f: (_PRIORITY[f.type], -f.confidence, f.a.article_id, f.a.start_char))


def _covers(k: Finding, f: Finding) -> bool:
    """Both sides of `f` overlap the two sides of `k` (in either order)."""
    return (_overlaps(k.a, f.a) and _overlaps(k.b, f.b)) or (_overlaps(k.a, f.b) and _overlaps(k.b, f.a))


def _overlaps(x: ClaimRef, y: ClaimRef) -> bool:
    return x.article_id == y.article_id and x.start_char < y.end_char and y.start_char < x.end_char
