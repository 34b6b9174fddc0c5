"""Candidate claims for a new article, found through the `claim_keys` inverted index only.

Each key is read with a bounded query (its newest `POSTINGS_PER_KEY` postings), so the work per new
article does not grow with the store: a rare key returns every claim that has it, a common key
("c:@russia") returns only recent ones and weighs little. Candidates are ranked per new claim by the
summed weight of the keys they share, and only the best `CANDIDATES_PER_CLAIM` are compared.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import TextClause, select, text
from sqlalchemy.orm import Session

from bot.compare.keys import claim_keys
from bot.compare.revisions import revisions
from bot.store.schema import ArticleRow, ClaimKeyRow, ClaimRow

# Newest postings read per key. Calibrated with benchmarks/compare.py: at 200 the time per new article grew
# 3x from 1k to 100k stored articles (reading the capped postings of common keys dominates); at 50 it is
# flat (1.2x) with every planted conflict still found. A key this frequent carries little information.
POSTINGS_PER_KEY = 50
# Stored claims compared with each new claim (ranked by shared key weight).
CANDIDATES_PER_CLAIM = 25
# Fact sentences must share at least this weight of keys to be compared at all: one key that fewer than
# ~100 stored claims have, or several commoner ones.
MIN_FACT_WEIGHT = 1.0
_IN_CHUNK = 500
# Keys read per postings query. SQLite allows at most 500 terms in one compound SELECT.
KEYS_PER_QUERY = 200


def keys_of(row: ClaimRow) -> list[str]:
    entities = (row.data or {}).get("entities", []) if row.kind == "fact" else []
    # Stored figures are looked up by value only from a sentence that corrects one ("not the 37 cts it
    # reported"): for every figure, the candidates of a common value cost more than they find.
    corrects = row.kind == "numeric" and bool(revisions(row.sentence or row.text))
    value = row.value if corrects else None
    return claim_keys(
        row.kind, row.text, quantity_key=row.quantity_key, subject=row.subject, entities=entities, value=value
    )


def key_weight(postings_read: int) -> float:
    """Inverse-frequency weight of a key: a key of one other claim weighs ~5, a capped common key 0.1."""
    return math.log2((POSTINGS_PER_KEY + 1) / (postings_read + 0.5)) + 0.1


def postings(
    session: Session, workspace: str, keys: Iterable[str], exclude_article: int
) -> dict[str, list[int]]:
    """Claim ids per key (newest first, at most POSTINGS_PER_KEY), other articles of this workspace only.

    One round trip per `KEYS_PER_QUERY` keys: a UNION ALL of per-key LIMIT queries, each an ordered range
    scan of `ix_claim_keys_postings` that stops after its limit (a window function would read every
    posting of a common key).
    """
    ordered = sorted(set(keys))
    out: dict[str, list[int]] = {k: [] for k in ordered}
    for i in range(0, len(ordered), KEYS_PER_QUERY):
        batch = ordered[i : i + KEYS_PER_QUERY]
        params: dict[str, object] = {f"k{j}": key for j, key in enumerate(batch)}
        params.update(w=workspace, a=exclude_article, n=POSTINGS_PER_KEY)
        rows = session.execute(_postings_query(len(batch)), params).all()
        for key, _, claim_id in sorted(rows, key=lambda r: (r[0], -r[1])):
            out[key].append(claim_id)
    return out


@lru_cache(maxsize=8)
def _postings_query(n_keys: int) -> TextClause:
    """The batched postings statement for `n_keys` keys (built once per size; plain SQL because building
    hundreds of ORM subqueries per article cost more than running them)."""
    table = ClaimKeyRow.__tablename__
    part = (
        "SELECT * FROM (SELECT key, id, claim_id FROM {t} WHERE workspace = :w AND key = :k{j} "
        "AND article_id != :a ORDER BY id DESC LIMIT :n) AS p{j}"
    )
    return text(" UNION ALL ".join(part.format(t=table, j=j) for j in range(n_keys)))


def candidates(
    session: Session, workspace: str, article_id: int, claims: list[ClaimRow]
) -> dict[int, list[int]]:
    """For each new claim id, the stored claim ids worth comparing with it (best first)."""
    claim_keys_ = {c.id: keys_of(c) for c in claims}
    posted = postings(session, workspace, {k for ks in claim_keys_.values() for k in ks}, article_id)
    weight = {k: key_weight(len(ids)) for k, ids in posted.items()}
    out: dict[int, list[int]] = {}
    for claim in claims:
        scores: dict[int, float] = defaultdict(float)
        for key in claim_keys_[claim.id]:
            for cid in posted.get(key, ()):
                scores[cid] += weight[key]
        floor = MIN_FACT_WEIGHT if claim.kind == "fact" else 0.0
        ranked = sorted((s, cid) for cid, s in scores.items() if s >= floor)
        out[claim.id] = [cid for _, cid in reversed(ranked[-CANDIDATES_PER_CLAIM:])]
    return out


def load(
    session: Session, workspace: str, claim_ids: Iterable[int]
) -> dict[int, tuple[ClaimRow, ArticleRow]]:
    """Claim rows with their articles, by id (this workspace only).

    Two primary-key look-ups rather than a join: a join lets the planner walk the workspace's articles.
    """
    ids = sorted(set(claim_ids))
    claims: list[ClaimRow] = []
    for i in range(0, len(ids), _IN_CHUNK):
        claims += session.scalars(select(ClaimRow).where(ClaimRow.id.in_(ids[i : i + _IN_CHUNK])))
    claims = [c for c in claims if c.workspace == workspace]
    article_ids = sorted({c.article_id for c in claims})
    articles: dict[int, ArticleRow] = {}
    for i in range(0, len(article_ids), _IN_CHUNK):
        for row in session.scalars(
            select(ArticleRow).where(ArticleRow.id.in_(article_ids[i : i + _IN_CHUNK]))
        ):
            articles[row.id] = row
    return {
        c.id: (c, articles[c.article_id]) for c in claims if articles[c.article_id].workspace == workspace
    }
