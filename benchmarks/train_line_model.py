"""Train the line classifier (`bot/clean/line_model.json`) on `benchmarks/data/lines/train.jsonl.gz`.

    .venv/bin/python benchmarks/train_line_model.py [--keep 0.985] [--out bot/clean/line_model.json]

Labels: `noise` = 1. Each text's lines are weighted so that a page of a thousand menu lines does not outweigh
fifty pages of articles, and the extractor view counts as much as the whole-page view. The noise threshold is
calibrated on out-of-fold probabilities (pages split into folds): the lowest probability cut-off at which the
model keeps `--keep` of the article lines that the rules keep, in each view, i.e. the threshold is set for
keeping real text first; then the forest is refit on all training pages. The dev split is
never read here (`benchmarks/line_quality.py` scores it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from line_quality import Text, load_texts  # noqa: E402  (beside this script)

from bot.clean.boosting import fit_forest  # noqa: E402
from bot.clean.line_features import FEATURE_NAMES, line_features  # noqa: E402
from bot.clean.line_model import MODEL_PATH  # noqa: E402
from bot.clean.rules import junk_reason, words  # noqa: E402

FOLDS = 4
# Forest shape; chosen on out-of-fold scores of the training pages only.
TREES, DEPTH, LEARNING_RATE, MIN_HESSIAN = 200, 4, 0.15, 1.0
# Each text's total weight grows with the square root of its line count, not with the count.
TEXT_WEIGHT_POWER = 0.5
# An article line weighs this many noise lines: losing article text costs more than leaving noise in.
ARTICLE_WEIGHT = 3.0
# The word list keeps words seen on at least this many pages; each word's score is its log-odds of being in
# a noise line rather than an article line, counted in pages (so one page's menu does not make a word).
VOCABULARY_MIN_PAGES = 3
VOCABULARY_CLIP = 3.0


@dataclass
class Matrix:
    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    page: np.ndarray
    view: np.ndarray
    rule_junk: np.ndarray


def build_vocabulary(texts: list[Text]) -> dict[str, float]:
    noise_pages: dict[str, set[str]] = defaultdict(set)
    main_pages: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        for line, noise in zip(text.lines, text.noise, strict=True):
            for word in set(words(line)):
                (noise_pages if noise else main_pages)[word].add(text.page)
    vocabulary = {}
    for word in set(noise_pages) | set(main_pages):
        n, m = len(noise_pages[word]), len(main_pages[word])
        if n + m >= VOCABULARY_MIN_PAGES:
            score = float(np.clip(np.log((n + 1) / (m + 1)), -VOCABULARY_CLIP, VOCABULARY_CLIP))
            vocabulary[word] = round(score, 2)
    return vocabulary


def matrix(texts: list[Text], vocabulary: dict[str, float]) -> Matrix:
    rows, labels, weights, pages, views, junk = [], [], [], [], [], []
    for text in texts:
        reasons = [junk_reason(line) for line in text.lines]
        rows.append(line_features(text.lines, vocabulary))
        labels.extend(text.noise)
        n = len(text.lines)
        weights.extend(n**TEXT_WEIGHT_POWER / n * (1.0 if noise else ARTICLE_WEIGHT) for noise in text.noise)
        pages.extend([text.page] * n)
        views.extend([text.view] * n)
        junk.extend(r is not None for r in reasons)
    view = np.array(views)
    weight = np.array(weights)
    for v in np.unique(view):  # each view weighs the same in all
        weight[view == v] /= weight[view == v].sum()
    return Matrix(
        np.vstack(rows),
        np.asarray(labels, dtype=float),
        weight * len(weight),
        np.array(pages),
        view,
        np.array(junk),
    )


def fit(m: Matrix, mask: np.ndarray, trees: int = TREES, depth: int = DEPTH):
    return fit_forest(
        m.x[mask],
        m.y[mask],
        trees=trees,
        depth=depth,
        learning_rate=LEARNING_RATE,
        min_hessian=MIN_HESSIAN,
        sample_weight=m.weight[mask],
    )


def out_of_fold(texts: list[Text], trees: int = TREES, depth: int = DEPTH) -> tuple[Matrix, np.ndarray]:
    """Out-of-fold probabilities: for each fold of pages, word list and forest come from the other folds."""
    pages = sorted({t.page for t in texts})
    fold_of = {p: i % FOLDS for i, p in enumerate(np.random.default_rng(0).permutation(pages))}
    whole = matrix(texts, {})
    fold = np.array([fold_of[p] for p in whole.page])
    probs = np.zeros(len(whole.y))
    for k in range(FOLDS):
        m = matrix(texts, build_vocabulary([t for t in texts if fold_of[t.page] != k]))
        probs[fold == k] = fit(m, fold != k, trees, depth).probabilities(m.x[fold == k])
    return whole, probs


def calibrate(m: Matrix, probs: np.ndarray, keep: float) -> float:
    """The lowest threshold at which the model keeps `keep` of the article lines the rules keep, in each view.

    Thresholds are tried on a logit grid, which is fine near 1 where the choice is made."""
    for z in np.arange(0.0, 9.0, 0.05):
        t = float(1 / (1 + np.exp(-z)))
        kept = [
            np.mean(probs[(m.view == v) & (m.y == 0) & ~m.rule_junk] <= t) >= keep for v in np.unique(m.view)
        ]
        if all(kept):
            return round(t, 5)
    return 1.0


def scores(m: Matrix, probs: np.ndarray, threshold: float) -> dict[str, dict[str, float]]:
    out = {}
    for v in np.unique(m.view):
        sel = m.view == v
        pred = (m.rule_junk | (probs > threshold))[sel]
        y = m.y[sel] == 1
        tp, fp, fn = (pred & y).sum(), (pred & ~y).sum(), (~pred & y).sum()
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        out[str(v)] = {
            "precision": round(float(p), 3),
            "recall": round(float(r), 3),
            "f1": round(float(2 * p * r / max(p + r, 1e-9)), 3),
            "keep_rate": round(float(1 - fp / max((~y).sum(), 1)), 3),
        }
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=float, default=0.985, help="article lines the model keeps, OOF")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--trees", type=int, default=TREES)
    parser.add_argument("--depth", type=int, default=DEPTH)
    args = parser.parse_args(argv)
    texts = load_texts("train")
    whole, probs = out_of_fold(texts, args.trees, args.depth)
    threshold = calibrate(whole, probs, args.keep)
    oof = scores(whole, probs, threshold)
    print(f"threshold {threshold}; out-of-fold on train (rules + model): {json.dumps(oof)}")
    vocabulary = build_vocabulary(texts)
    m = matrix(texts, vocabulary)
    forest = fit(m, np.ones(len(m.y), dtype=bool), args.trees, args.depth)
    model = {
        "about": "newsbot line classifier: benchmarks/train_line_model.py, benchmarks/data/lines/README.md",
        "features": list(FEATURE_NAMES),
        "threshold": threshold,
        "out_of_fold": oof,
        "vocabulary": dict(sorted(vocabulary.items())),
        "forest": forest.to_json(),
    }
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
