"""Line-level quality of the cleaner on pasted web text: which lines it removes, against human labels.

    .venv/bin/python benchmarks/line_quality.py [--split dev] [--errors 20]

Data: `benchmarks/data/lines/<split>.jsonl.gz` (Zyte's article-extraction-benchmark pages, MIT; how the
lines and labels were made is in that folder's README). Each text (one page in one view: `page` = the whole
page as a browser copies it, `extract` = a generous extractor's main text) goes through `clean_text` as one
paste; a line counts as removed when the cleaner reports it in `removed`, whatever the reason.

Printed per view, with noise as the positive class: precision, recall and F1 of the removed lines, and the
keep rate (share of article lines kept) pooled over lines and averaged over pages; for the rules alone
(`use_model=False`) and for rules + learned model. The floors in `benchmarks/baseline.json` (keys
`lines.<view>.<metric>`) are enforced by tests/bot/test_clean_line_quality.py on the dev split.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.clean import clean_text  # noqa: E402
from bot.clean.cleaner import TITLE_PREFIX_REASON  # noqa: E402
from bot.clean.line_features import line_facts  # noqa: E402
from bot.clean.rules import junk_reason  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "lines"
VIEWS = ("page", "extract")


@dataclass
class Text:
    page: str
    view: str
    lines: list[str]
    noise: list[bool]


@dataclass
class Verdicts:
    text: Text
    removed: list[bool]
    reasons: list[str | None]


def load_texts(split: str = "dev") -> list[Text]:
    grouped: dict[tuple[str, str], Text] = {}
    with gzip.open(DATA / f"{split}.jsonl.gz", "rt", encoding="utf8") as f:
        for raw in f:
            row = json.loads(raw)
            text = grouped.setdefault((row["page"], row["view"]), Text(row["page"], row["view"], [], []))
            text.lines.append(row["text"])
            text.noise.append(row["label"] == "noise")
    return list(grouped.values())


def verdicts(text: Text, use_model: bool) -> Verdicts:
    """Which lines the cleaner removed; a line text removed k times marks its first k occurrences."""
    article = clean_text("\n".join(text.lines), use_model=use_model)
    pending: dict[str, list[str]] = defaultdict(list)
    for r in article.removed:
        if r.reason != TITLE_PREFIX_REASON:
            pending[r.line].append(r.reason)
    removed, reasons = [], []
    for line in text.lines:
        reason = pending[line].pop(0) if pending[line] else None
        removed.append(reason is not None)
        reasons.append(reason)
    return Verdicts(text, removed, reasons)


def view_scores(results: list[Verdicts], view: str) -> dict[str, float]:
    """Noise precision/recall/F1, pooled keep rate and mean per-page keep rate for one view."""
    tp = fp = fn = 0
    page_keeps = []
    for v in results:
        if v.text.view != view:
            continue
        pairs = list(zip(v.removed, v.text.noise, strict=True))
        tp += sum(r and n for r, n in pairs)
        fp += sum(r and not n for r, n in pairs)
        fn += sum(not r and n for r, n in pairs)
        main = [r for r, n in pairs if not n]
        if main:
            page_keeps.append(1 - sum(main) / len(main))
    main_total = sum(1 for v in results if v.text.view == view for n in v.text.noise if not n)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "noise_precision": precision,
        "noise_recall": recall,
        "noise_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "keep_rate": 1 - fp / main_total if main_total else 1.0,
        "keep_rate_per_page": sum(page_keeps) / len(page_keeps) if page_keeps else 1.0,
    }


def evaluate(texts: list[Text], use_model: bool = True) -> tuple[dict[str, dict[str, float]], list[Verdicts]]:
    results = [verdicts(t, use_model) for t in texts]
    return {view: view_scores(results, view) for view in VIEWS}, results


def flat_scores(scores: dict[str, dict[str, float]]) -> dict[str, float]:
    """`lines.<view>.<metric>` keys, as in benchmarks/baseline.json."""
    return {f"lines.{view}.{k}": v for view, metrics in scores.items() for k, v in metrics.items()}


def timing(rounds: int = 5) -> None:
    """The model's cost next to spaCy's: cleaning the seeds with and without the model, and `nlp.pipe` over
    the cleaned seeds, in one process (the analyze path costs more than `nlp.pipe` alone)."""
    from bot.nlp import load_nlp
    from bot.settings import Settings

    seeds = [p.read_text(encoding="utf-8") for p in sorted((DATA.parents[2] / "seeds").glob("*.txt"))]
    nlp = load_nlp(Settings().spacy_model)
    cleaned = [clean_text(s).cleaned_text for s in seeds]
    list(nlp.pipe(cleaned))  # warm up
    spent = {"rules": 0.0, "rules + model": 0.0, "nlp.pipe": 0.0}
    for _ in range(rounds):
        line_facts.cache_clear()  # cold caches: each round pays for every line
        junk_reason.cache_clear()
        for name, run in (
            ("rules", lambda: [clean_text(s, use_model=False) for s in seeds]),
            ("rules + model", lambda: [clean_text(s) for s in seeds]),
            ("nlp.pipe", lambda: list(nlp.pipe(cleaned))),
        ):
            started = time.perf_counter()
            run()
            spent[name] += time.perf_counter() - started
    per = {k: v / rounds / len(seeds) * 1000 for k, v in spent.items()}
    model = per["rules + model"] - per["rules"]
    print(f"\nper seed article ({rounds} rounds): " + ", ".join(f"{k} {v:.2f} ms" for k, v in per.items()))
    print(f"the model's share: {model:.2f} ms = {model / per['nlp.pipe']:.1%} of bare nlp.pipe")


def print_errors(results: list[Verdicts], n: int) -> None:
    lost = [(v.text.page, r, line) for v in results for line, r, x, noisy in _rows(v) if x and not noisy]
    left = [(v.text.page, line) for v in results for line, _, x, noisy in _rows(v) if noisy and not x]
    print(f"\narticle lines removed ({len(lost)}), by reason: {dict(Counter(r for _, r, _ in lost))}")
    for page, reason, line in lost[:n]:
        print(f"  {page[:8]} ({reason}) {line[:100]!r}")
    print(f"\nnoise lines kept ({len(left)}), first {n}:")
    for page, line in left[:n]:
        print(f"  {page[:8]} {line[:100]!r}")


def _rows(v: Verdicts):
    return zip(v.text.lines, v.reasons, v.removed, v.text.noise, strict=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--errors", type=int, default=0, help="show this many misclassified lines")
    parser.add_argument("--timing", action="store_true", help="time the model against spaCy on the seeds")
    args = parser.parse_args(argv)
    texts = load_texts(args.split)
    lines = sum(len(t.lines) for t in texts)
    print(f"{args.split}: {len({t.page for t in texts})} pages, {lines} lines")
    header = f"  {'':<14} {'precision':>9} {'recall':>7} {'F1':>6} {'keep':>6} {'keep/page':>9}"
    for name, use_model in (("rules", False), ("rules + model", True)):
        started = time.perf_counter()
        scores, results = evaluate(texts, use_model)
        ms = (time.perf_counter() - started) * 1000
        print(f"\n{name} ({ms / lines * 1000:.0f} µs per line, cleaning included)\n{header}")
        for view, s in scores.items():
            print(
                f"  {view:<14} {s['noise_precision']:>9.3f} {s['noise_recall']:>7.3f} {s['noise_f1']:>6.3f}"
                f" {s['keep_rate']:>6.3f} {s['keep_rate_per_page']:>9.3f}"
            )
    if args.errors:
        print_errors(results, args.errors)
    if args.timing:
        timing()


if __name__ == "__main__":
    main()
