"""Precision and recall of findings on real news pairs labelled by reading (issue 11).

Each item of `benchmarks/data/findings/pairs.jsonl` is two excerpts of real Reuters-21578 stories, `a`
(older) and `b`, and a label about one sentence of each (`a_span`, `b_span`): `conflict` (with the type a
reporter would want: numeric_discrepancy, updated_figure, quote_wording, attribution_conflict,
polarity_conflict), `corroboration`, `not_conflict` or `unrelated`. `GUIDELINE.md` beside the data says how
pairs were judged. For every item, `a` is stored and `b` analyzed by the real pipeline, each item in its own
workspace of one fresh SQLite file, both with their real publication dates.

- A conflict finding between the two texts is right when its sentences are the labelled pair of a
  `conflict` item, or a pair the item lists in `also_right`; every other one is a false alarm.
- Shown conflicts are those at or above `Settings.conflict_min_confidence` (0.0 until it exists).
- precision = right shown conflicts / shown conflicts; recall = `conflict` items whose pair is among the
  shown conflicts (any conflict type; the share with the labelled type is printed too);
  corroboration recall = `corroboration` items whose pair is found as a corroboration.
- Findings inside one article (both sides in `b`) are not about the pair and are counted apart.

    .venv/bin/python benchmarks/findings_labelled.py [--json] [--show-wrong]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz  # noqa: E402

from benchmarks.dated_analysis import (  # noqa: E402
    CONFLICT_TYPES,
    DatedText,
    analyze_dated,
    is_conflict,
    shown_threshold,
)
from bot.models import Finding  # noqa: E402
from bot.pipeline import Analyzer  # noqa: E402
from bot.settings import Settings  # noqa: E402

PAIRS = Path(__file__).resolve().parent / "data" / "findings" / "pairs.jsonl"
LABELS = ("conflict", "not_conflict", "corroboration", "unrelated")
# Confidence buckets of the calibration table: [low, high).
BUCKETS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def load_items(path: Path = PAIRS) -> list[dict]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for item in items:
        if item["label"] not in LABELS:
            raise ValueError(f"{item['id']}: unknown label {item['label']!r}")
    return items


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def same_sentence(span: str, sentence: str) -> bool:
    """A finding's sentence is the labelled one: one contains the other, or they differ only slightly."""
    a, b = _norm(span), _norm(sentence)
    if not a or not b:
        return False
    return a in b or b in a or fuzz.ratio(a, b) >= 90


def is_pair(finding: Finding, a_span: str, b_span: str) -> bool:
    """`finding.a` is the analyzed side (`b` of the item), `finding.b` the stored one (`a`)."""
    return same_sentence(b_span, finding.a.sentence) and same_sentence(a_span, finding.b.sentence)


@dataclass(slots=True)
class Judged:
    item_id: str
    finding: Finding
    right: bool


@dataclass(slots=True)
class Outcome:
    """Everything the pipeline found on the labelled items, judged."""

    threshold: float
    conflicts: list[Judged] = field(default_factory=list)  # every cross-article conflict finding
    found: dict[str, Finding | None] = field(default_factory=dict)  # conflict item → best shown match
    found_stored: set[str] = field(default_factory=set)  # conflict items found at any confidence
    corroborated: dict[str, bool] = field(default_factory=dict)  # corroboration item → found
    corroborations_by_label: Counter = field(default_factory=Counter)  # item label → corroborations raised
    within_article: int = 0
    items: list[dict] = field(default_factory=list)


def judge(item: dict, findings: list[Finding], threshold: float, outcome: Outcome) -> None:
    """Judge one item's findings and record what it found."""
    pairs = [(item["a_span"], item["b_span"])] if item["label"] == "conflict" else []
    pairs += [(x["a_span"], x["b_span"]) for x in item.get("also_right", [])]
    main_hit: Finding | None = None
    corroborated = False
    for finding in findings:
        if finding.a.article_id == finding.b.article_id:
            outcome.within_article += 1
            continue
        if not is_conflict(finding):
            corroborated |= is_pair(finding, item["a_span"], item["b_span"])
            outcome.corroborations_by_label[item["label"]] += 1
            continue
        right = any(is_pair(finding, a, b) for a, b in pairs)
        outcome.conflicts.append(Judged(item["id"], finding, right))
        shown = finding.confidence >= threshold
        if item["label"] == "conflict" and is_pair(finding, item["a_span"], item["b_span"]):
            outcome.found_stored.add(item["id"])
            if shown:
                main_hit = _preferred(main_hit, finding, item["type"])
    if item["label"] == "conflict":
        outcome.found[item["id"]] = main_hit
    if item["label"] == "corroboration":
        outcome.corroborated[item["id"]] = corroborated


def _preferred(hit: Finding | None, other: Finding, wanted_type: str) -> Finding:
    """Of two findings on the labelled pair, the one with the labelled type."""
    if hit is None or (other.type == wanted_type and hit.type != wanted_type):
        return other
    return hit


def run(items: list[dict], settings: Settings) -> Outcome:
    """Store every item's `a`, then analyze every `b` (one workspace per item, batched through spaCy)."""
    threshold = shown_threshold(Analyzer(settings))
    # Every finding is judged, also those below the threshold (the calibration table needs them).
    analyzer = Analyzer(settings.model_copy(update={"conflict_min_confidence": 0.0}))
    outcome = Outcome(threshold=threshold, items=items)

    def dated(item: dict, side: str) -> DatedText:
        art = item[side]
        published = date.fromisoformat(art["published"]) if art.get("published") else None
        return DatedText(text=art["text"], source=art["source"], published=published, workspace=item["id"])

    for _ in analyze_dated(analyzer, (dated(item, "a") for item in items)):
        pass
    by_id = {item["id"]: item for item in items}
    for text, report in analyze_dated(analyzer, (dated(item, "b") for item in items)):
        judge(by_id[text.workspace], report.findings, outcome.threshold, outcome)
    return outcome


def evaluate(items: list[dict] | None = None, settings: Settings | None = None) -> tuple[dict, Outcome]:
    """The metrics on the labelled set, run in a fresh SQLite file."""
    items = load_items() if items is None else items
    with tempfile.TemporaryDirectory() as tmp:
        base = settings or Settings()
        outcome = run(items, base.model_copy(update={"database_url": f"sqlite:///{tmp}/labelled.sqlite"}))
    return metrics(outcome), outcome


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def metrics(outcome: Outcome) -> dict:
    shown = [j for j in outcome.conflicts if j.finding.confidence >= outcome.threshold]
    conflict_items = [i for i in outcome.items if i["label"] == "conflict"]
    found = [i for i in conflict_items if outcome.found.get(i["id"]) is not None]
    typed = [i for i in found if outcome.found[i["id"]].type == i["type"]]
    corr_items = [i for i in outcome.items if i["label"] == "corroboration"]
    result = {
        "threshold": outcome.threshold,
        "items": len(outcome.items),
        "labels": dict(Counter(i["label"] for i in outcome.items)),
        "shown_conflicts": len(shown),
        "right_shown_conflicts": sum(j.right for j in shown),
        "precision": _ratio(sum(j.right for j in shown), len(shown)),
        "recall": _ratio(len(found), len(conflict_items)),
        # Any conflict finding on the labelled pair, shown or stored below the threshold (queryable).
        "recall_stored": _ratio(
            sum(i["id"] in outcome.found_stored for i in conflict_items), len(conflict_items)
        ),
        "recall_right_type": _ratio(len(typed), len(conflict_items)),
        "corroboration_recall": _ratio(sum(outcome.corroborated.values()), len(corr_items)),
        "within_article_findings": outcome.within_article,
        # Two texts about unrelated things corroborate nothing: every corroboration there is wrong.
        "corroborations_on_unrelated": outcome.corroborations_by_label["unrelated"],
        "corroborations_by_label": dict(outcome.corroborations_by_label),
        "false_alarms_by_label": dict(Counter(_label_of(outcome, j.item_id) for j in shown if not j.right)),
    }
    result["precision_by_type"] = {
        t: _ratio(sum(j.right for j in shown if j.finding.type == t), n)
        for t, n in Counter(j.finding.type for j in shown).items()
    }
    result["shown_by_type"] = dict(Counter(j.finding.type for j in shown))
    result["recall_by_type"] = {
        t: _ratio(sum(1 for i in found if i["type"] == t), n)
        for t, n in Counter(i["type"] for i in conflict_items).items()
    }
    result["calibration"] = calibration(outcome.conflicts)
    return result


def _label_of(outcome: Outcome, item_id: str) -> str:
    return next(i["label"] for i in outcome.items if i["id"] == item_id)


def calibration(conflicts: list[Judged]) -> list[dict]:
    """Confidence bucket → how many conflict findings fell in it and what share of them was right."""
    table = []
    for low, high in BUCKETS:
        inside = [j for j in conflicts if low <= j.finding.confidence < high]
        table.append(
            {"bucket": f"{low:.1f}-{min(high, 1.0):.1f}", "findings": len(inside),
             "right": _ratio(sum(j.right for j in inside), len(inside))}
        )  # fmt: skip
    return table


def print_report(result: dict, outcome: Outcome, show_wrong: bool) -> None:
    print(f"items: {result['items']} {result['labels']}")
    print(f"shown conflicts (confidence >= {result['threshold']:.2f}): {result['shown_conflicts']}, "
          f"right: {result['right_shown_conflicts']}")  # fmt: skip
    print(f"precision of shown conflicts: {result['precision']:.3f}")
    print(f"recall of genuine disagreements: {result['recall']:.3f} "
          f"(with the labelled type: {result['recall_right_type']:.3f})")  # fmt: skip
    print(f"recall at any confidence (stored, queryable): {result['recall_stored']:.3f}")
    print(f"corroboration recall: {result['corroboration_recall']:.3f}")
    print(f"corroborations raised, by the pair's label: {result['corroborations_by_label']}")
    print(f"false alarms by the pair's label: {result['false_alarms_by_label']}; "
          f"findings inside one article (not judged): {result['within_article_findings']}")  # fmt: skip
    print("by type:                  shown  precision  | items recall")
    for kind in CONFLICT_TYPES:
        n_items = sum(1 for i in outcome.items if i["label"] == "conflict" and i["type"] == kind)
        shown, precision = result["shown_by_type"].get(kind, 0), result["precision_by_type"].get(kind, 0)
        recall = result["recall_by_type"].get(kind, 0)
        print(f"  {kind:22} {shown:6}  {precision:9.3f}  | {n_items:5} {recall:6.3f}")
    print("calibration (all conflict findings): bucket, findings, share right")
    for row in result["calibration"]:
        print(f"  {row['bucket']}  {row['findings']:5}  {row['right']:.3f}")
    if show_wrong:
        for j in outcome.conflicts:
            if not j.right:
                f = j.finding
                print(f"WRONG {j.item_id} {f.type} {f.confidence:.2f}: {f.explanation}")
        for item_id, hit in outcome.found.items():
            if hit is None:
                print(f"MISSED {item_id}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="also print the metrics as one JSON object")
    parser.add_argument("--show-wrong", action="store_true", help="list false alarms and missed pairs")
    args = parser.parse_args(argv)
    result, outcome = evaluate()
    print_report(result, outcome, args.show_wrong)
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
