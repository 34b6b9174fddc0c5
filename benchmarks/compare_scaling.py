"""Comparison time per new article against stores of growing size, on real articles (issue 11).

`benchmarks/compare.py` times synthetic rows; this one stores real Reuters-21578 stories (the folder
`benchmarks/fetch_archive.py` writes) through the real analyze path without comparison, then grows the
store by copying those articles' rows (article, claims, look-up keys) under new ids, each copy published
`COPY_SHIFT_DAYS` later than the one before, until it holds each size asked for. At each size it times
`find_findings` (candidates through the key index, every check, nothing else) for the same probe articles
(real stories not among the stored ones), each inside a transaction that is rolled back.

Copies repeat their originals' keys, so every key's postings grow with the store: the bounded postings
query (`POSTINGS_PER_KEY` newest per key) is what keeps the time flat, if anything does.

    .venv/bin/python benchmarks/compare_scaling.py /tmp/reuters [--base 300] [--probes 20]
        [--sizes 1000,10000,100000]

Prints, per size: stored articles, claim rows, key rows, and the median and 90th-percentile milliseconds
of comparison per probe article.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402

from benchmarks.dated_analysis import analyze_dated  # noqa: E402
from benchmarks.findings_real import archive_articles  # noqa: E402
from bot.compare import assign_story, find_findings, index_claims  # noqa: E402
from bot.extract import extract  # noqa: E402
from bot.ingest import read_paste  # noqa: E402
from bot.pipeline import Analyzer  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store.schema import ArticleRow, ClaimKeyRow, ClaimRow  # noqa: E402

WORKSPACE = "archive"
COPY_SHIFT_DAYS = 3
ARTICLE_COLUMNS = (
    "workspace, source, source_key, url, canonical_url, title, author, site_name, published, language, "
    "cleaned_text, text_hash, story_id, summary, created_at, origin, permalink"
)
CLAIM_COLUMNS = (
    "workspace, kind, subkind, text, start_char, end_char, sentence, sentence_start, sentence_end, speaker, "
    "quantity_key, subject, value, unit, time_ref, negated, score, data"
)


def counts(session) -> tuple[int, int, int]:
    return tuple(
        session.scalar(select(func.count()).select_from(t)) for t in (ArticleRow, ClaimRow, ClaimKeyRow)
    )


def copy_base(session, base: tuple[int, int, int], copy: int) -> None:
    """One more copy of the base articles (ids 1..base) with their claims and keys, shifted in time."""
    n_art, n_claim, n_key = base
    art_off, claim_off, key_off = copy * n_art, copy * n_claim, copy * n_key
    cols = ARTICLE_COLUMNS.replace("published", f"date(published, '+{copy * COPY_SHIFT_DAYS} days')")
    cols = cols.replace("text_hash", f"text_hash || '-{copy}'").replace("story_id", "NULL")
    cols = cols.replace("canonical_url", f"canonical_url || '#{copy}'")
    session.execute(
        text(f"INSERT INTO articles (id, {ARTICLE_COLUMNS}) SELECT id + {art_off}, {cols} FROM articles "
             f"WHERE id <= {n_art}")
    )  # fmt: skip
    session.execute(
        text(f"INSERT INTO claims (id, article_id, {CLAIM_COLUMNS}) SELECT id + {claim_off}, "
             f"article_id + {art_off}, {CLAIM_COLUMNS} FROM claims WHERE id <= {n_claim}")
    )  # fmt: skip
    session.execute(
        text(f"INSERT INTO claim_keys (id, workspace, key, claim_id, article_id) SELECT id + {key_off}, "
             f"workspace, key, claim_id + {claim_off}, article_id + {art_off} FROM claim_keys "
             f"WHERE id <= {n_key}")
    )  # fmt: skip


def time_probes(analyzer: Analyzer, probes: list) -> list[float]:
    """Milliseconds of `find_findings` for each probe (stored, indexed, compared, then rolled back)."""
    out = []
    for prep, doc in probes:
        article = prep.article
        extraction = extract(doc, analyzer.aliases(WORKSPACE), article.published, english=True)
        try:
            with analyzer.store.session() as session:
                row = analyzer.store.add_article(session, WORKSPACE, article, prep.source_key)
                claims = index_claims(session, WORKSPACE, row, extraction)
                assign_story(session, WORKSPACE, row, extraction)
                start = time.perf_counter()
                find_findings(session, WORKSPACE, row, claims)
                out.append((time.perf_counter() - start) * 1000)
                raise _RolledBack
        except _RolledBack:
            pass  # the probe is not kept: every size is timed on the same store plus copies
    return out


class _RolledBack(Exception):
    """Raised inside a session block to roll its transaction back."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--base", type=int, default=300, help="real articles stored before copying")
    parser.add_argument("--probes", type=int, default=20, help="real articles timed at each size")
    parser.add_argument("--sizes", default="1000,10000,100000", help="stored articles to time at")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    articles = archive_articles(args.folder, args.base + args.probes)
    with tempfile.TemporaryDirectory() as tmp:
        analyzer = Analyzer(Settings(database_url=f"sqlite:///{tmp}/scale.sqlite"), compare=False)
        for _ in analyze_dated(analyzer, articles[: args.base]):
            pass
        probes = []
        for item in articles[args.base :]:
            raw = read_paste(item.text, item.source, analyzer.settings.max_input_bytes)
            prep = analyzer.prepare(raw, WORKSPACE)
            prep.article.published = item.published
            probes.append((prep, analyzer.nlp(prep.article.cleaned_text)))
        with analyzer.store.session() as session:
            base = counts(session)
        copies = 0
        print(f"base: {base[0]} real articles, {base[1]} claims, {base[2]} keys; {len(probes)} probes")
        for size in sizes:
            with analyzer.store.session() as session:
                while (copies + 1) * base[0] < size:
                    copies += 1
                    copy_base(session, base, copies)
            with analyzer.store.session() as session:
                stored = counts(session)
            times = sorted(time_probes(analyzer, probes))
            p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
            print(f"stored {stored[0]:>7} articles {stored[1]:>9} claims {stored[2]:>10} keys: comparison "
                  f"median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms per article")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
