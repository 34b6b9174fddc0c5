"""A tiny gradient-boosted tree model in numpy: fitting (for the training script) and prediction (run time).

Trees are complete binary trees of a fixed depth stored as flat arrays, so predicting a batch is a few numpy
index operations per tree. Fitting bins each feature at quantiles and grows each level from gradient/hessian
histograms (logistic loss, Newton leaf values), the way histogram GBDT libraries do, at toy scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Forest:
    """`features[t, k]`/`thresholds[t, k]`: the split of inner node k (heap order) of tree t, going right when
    x > threshold; `leaves[t, j]`: the raw score of leaf j; the model's logit is `bias + sum of leaves`."""

    depth: int
    bias: float
    features: np.ndarray  # (trees, 2**depth - 1) int
    thresholds: np.ndarray  # (trees, 2**depth - 1) float
    leaves: np.ndarray  # (trees, 2**depth) float

    def logits(self, x: np.ndarray) -> np.ndarray:
        """All trees at once: one gather and compare per level, whatever the number of trees."""
        trees = np.arange(len(self.features))
        node = np.zeros((len(x), len(trees)), dtype=np.intp)
        rows = np.arange(len(x))[:, None]
        for _ in range(self.depth):
            right = x[rows, self.features[trees, node]] > self.thresholds[trees, node]
            node = 2 * node + 1 + right
        return self.bias + self.leaves[trees, node - (2**self.depth - 1)].sum(axis=1)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(x)))

    def to_json(self) -> dict:
        return {
            "depth": self.depth,
            "bias": self.bias,
            "features": self.features.tolist(),
            "thresholds": [[round(float(v), 6) for v in row] for row in self.thresholds],
            "leaves": [[round(float(v), 6) for v in row] for row in self.leaves],
        }

    @classmethod
    def from_json(cls, data: dict) -> Forest:
        return cls(
            depth=int(data["depth"]),
            bias=float(data["bias"]),
            features=np.asarray(data["features"], dtype=np.intp),
            thresholds=np.asarray(data["thresholds"], dtype=float),
            leaves=np.asarray(data["leaves"], dtype=float),
        )


def _bin_edges(x: np.ndarray, bins: int) -> list[np.ndarray]:
    """Candidate thresholds per feature: distinct quantiles (a split goes right when x > edge)."""
    qs = np.linspace(0, 1, bins + 1)[1:-1]
    return [np.unique(np.quantile(col, qs)) for col in x.T]


def fit_forest(
    x: np.ndarray,
    y: np.ndarray,
    *,
    trees: int = 120,
    depth: int = 3,
    learning_rate: float = 0.15,
    l2: float = 1.0,
    bins: int = 32,
    min_hessian: float = 1.0,
    sample_weight: np.ndarray | None = None,
) -> Forest:
    """Boost `trees` trees of `depth` on logistic loss for labels y in {0, 1}."""
    weight = np.ones(len(y)) if sample_weight is None else sample_weight
    edges = _bin_edges(x, bins)
    binned = np.stack([np.searchsorted(e, col) for e, col in zip(edges, x.T, strict=True)], axis=1)
    n_bins = max(len(e) for e in edges) + 1
    prior = np.clip(np.average(y, weights=weight), 1e-6, 1 - 1e-6)
    bias = float(np.log(prior / (1 - prior)))
    score = np.full(len(y), bias)
    inner, n_leaves = 2**depth - 1, 2**depth
    all_feats = np.zeros((trees, inner), dtype=np.intp)
    all_thresholds = np.full((trees, inner), np.inf)
    all_leaves = np.zeros((trees, n_leaves))
    for t in range(trees):
        p = 1.0 / (1.0 + np.exp(-score))
        grad, hess = weight * (p - y), weight * p * (1 - p)
        node = np.zeros(len(y), dtype=np.intp)
        for level in range(depth):
            first = 2**level - 1
            for k in range(first, 2 * first + 1):
                members = node == k
                split = _best_split(binned[members], grad[members], hess[members], n_bins, l2, min_hessian)
                if split is not None:
                    f, b = split
                    all_feats[t, k], all_thresholds[t, k] = f, edges[f][b]
            right = x[np.arange(len(y)), all_feats[t, node]] > all_thresholds[t, node]
            node = 2 * node + 1 + right
        leaf = node - inner
        g_sum = np.bincount(leaf, grad, minlength=n_leaves)
        h_sum = np.bincount(leaf, hess, minlength=n_leaves)
        all_leaves[t] = -learning_rate * g_sum / (h_sum + l2)
        score += all_leaves[t][leaf]
    return Forest(depth, bias, all_feats, all_thresholds, all_leaves)


def _best_split(
    binned: np.ndarray, grad: np.ndarray, hess: np.ndarray, n_bins: int, l2: float, min_hessian: float
) -> tuple[int, int] | None:
    """(feature, bin) with the largest loss reduction, or None when no split helps."""
    if len(grad) < 2:
        return None
    g_total, h_total = grad.sum(), hess.sum()
    parent = g_total**2 / (h_total + l2)
    best, best_gain = None, 1e-9
    for f in range(binned.shape[1]):
        g_hist = np.bincount(binned[:, f], grad, minlength=n_bins)
        h_hist = np.bincount(binned[:, f], hess, minlength=n_bins)
        g_left, h_left = np.cumsum(g_hist)[:-1], np.cumsum(h_hist)[:-1]
        g_right, h_right = g_total - g_left, h_total - h_left
        gain = g_left**2 / (h_left + l2) + g_right**2 / (h_right + l2) - parent
        gain[(h_left < min_hessian) | (h_right < min_hessian)] = -np.inf
        b = int(np.argmax(gain))
        if gain[b] > best_gain:
            best, best_gain = (f, b), float(gain[b])
    return best
