"""How often newsbot flags conflicts on a real news archive, and which ones (issue 11).

Runs every article of an archive folder written by `benchmarks/fetch_archive.py` (Reuters-21578: 925
Reuters newswire stories of 26 Feb – 3 Mar 1987, many of them follow-ups, revisions and corrections of
each other) through the real analyze path, in date order, with each story's real publication date, into
a fresh SQLite file. A newswire rarely contradicts itself within days, so most conflicts found here are
false alarms; which ones is for the reader of the findings file (and for `benchmarks/findings_labelled.py`,
which measures precision and recall on pairs labelled by reading).

    python benchmarks/fetch_archive.py /work/.mirror/loki86+ksr_zadanie1V2/repo --out /tmp/reuters
    python benchmarks/findings_real.py /tmp/reuters [--limit N] [--findings /tmp/findings_real.jsonl]

Prints: articles with at least one conflict (share), conflicts per article, findings by type (all, and
those at or above the shown-confidence setting), time per article. Writes every finding as JSON Lines,
with both sides' sentences, sources, dates, type, confidence and explanation.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dated_analysis import (  # noqa: E402
    CONFLICT_TYPES,
    DatedText,
    analyze_dated,
    finding_record,
    is_conflict,
    shown_threshold,
)
from bot.pipeline import Analyzer  # noqa: E402
from bot.settings import Settings  # noqa: E402

WORKSPACE = "archive"


def archive_articles(folder: Path, limit: int | None) -> list[DatedText]:
    """The archive's articles in date order (the manifest's order), each with its `published` date."""
    lines = (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()][:limit]
    return [
        DatedText(
            text=(folder / r["file"]).read_text(encoding="utf-8"),
            source=f"Reuters {r['newid']}",
            published=date.fromisoformat(r["published"]),
            workspace=WORKSPACE,
        )
        for r in records
    ]


def run(articles: list[DatedText], db_url: str, findings_path: Path) -> dict:
    analyzer = Analyzer(Settings(database_url=db_url))
    threshold = shown_threshold(analyzer)
    analyzer.nlp  # load the model before the clock starts  # noqa: B018
    by_type: Counter[str] = Counter()
    shown_by_type: Counter[str] = Counter()
    with_conflict = with_shown = within = same_story = analyzed = 0
    start = time.perf_counter()
    with findings_path.open("w", encoding="utf-8") as out:
        for _, report in analyze_dated(analyzer, articles):
            if report.already_seen:
                continue
            analyzed += 1
            conflicts = [f for f in report.findings if is_conflict(f)]
            shown = [f for f in conflicts if f.confidence >= threshold]
            with_conflict += bool(conflicts)
            with_shown += bool(shown)
            by_type.update(f.type for f in report.findings)
            shown_by_type.update(f.type for f in shown)
            for finding in report.findings:
                record = finding_record(finding)
                record["a_story_id"] = report.article.story_id
                within += record["within_article"] and is_conflict(finding)
                out.write(json.dumps(record) + "\n")
            same_story += _same_story(analyzer, report.article.story_id, conflicts)
    elapsed = time.perf_counter() - start
    total = sum(by_type[t] for t in CONFLICT_TYPES)
    return {
        "articles": len(articles),
        "analyzed": analyzed,
        "threshold": threshold,
        "with_conflict": with_conflict,
        "with_shown_conflict": with_shown,
        "conflicts": total,
        "shown_conflicts": sum(shown_by_type[t] for t in CONFLICT_TYPES),
        "within_article_conflicts": within,
        "same_story_conflicts": same_story,
        "by_type": dict(by_type),
        "shown_by_type": dict(shown_by_type),
        "seconds": elapsed,
    }


def _same_story(analyzer: Analyzer, story_id: int | None, conflicts) -> int:
    """How many cross-article conflicts are against an article newsbot put in the same story."""
    from bot.store.schema import ArticleRow

    others = {f.b.article_id for f in conflicts if f.b.article_id != f.a.article_id}
    if story_id is None or not others:
        return 0
    with analyzer.store.session() as session:
        stories = dict(
            session.query(ArticleRow.id, ArticleRow.story_id).filter(ArticleRow.id.in_(others)).all()
        )
    return sum(1 for f in conflicts if f.b.article_id in others and stories.get(f.b.article_id) == story_id)


def print_summary(stats: dict, findings_path: Path) -> None:
    n = max(stats["analyzed"], 1)
    print(f"articles: {stats['articles']} ({stats['analyzed']} new, analyzed in date order)")
    print(
        f"articles with >= 1 conflict: {stats['with_conflict']} ({stats['with_conflict'] / n:.1%}); "
        f"with >= 1 shown conflict (confidence >= {stats['threshold']:.2f}): "
        f"{stats['with_shown_conflict']} ({stats['with_shown_conflict'] / n:.1%})"
    )
    print(
        f"conflicts per article: {stats['conflicts'] / n:.2f} (shown: {stats['shown_conflicts'] / n:.2f}); "
        f"within one article: {stats['within_article_conflicts']}, "
        f"against an article of the same story: {stats['same_story_conflicts']}"
    )
    print("findings by type (all / shown):")
    for kind in (*CONFLICT_TYPES, "corroboration"):
        print(f"  {kind:22} {stats['by_type'].get(kind, 0):6} / {stats['shown_by_type'].get(kind, 0)}")
    print(f"time per article: {stats['seconds'] / n * 1000:.0f} ms ({stats['seconds']:.0f} s in all)")
    print(f"findings written to {findings_path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path, help="folder written by benchmarks/fetch_archive.py")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--findings", type=Path, default=Path(tempfile.gettempdir()) / "findings_real.jsonl")
    parser.add_argument("--json", action="store_true", help="also print the numbers as one JSON object")
    args = parser.parse_args(argv)
    articles = archive_articles(args.archive, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        stats = run(articles, f"sqlite:///{tmp}/findings_real.sqlite", args.findings)
    print_summary(stats, args.findings)
    if args.json:
        print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
