"""The learned line classifier: which lines of a pasted text are web noise (menus, teasers, prompts, ...).

The model (`line_model.json` beside this module, written by `benchmarks/train_line_model.py`) is a small
gradient-boosted tree forest over `bot.clean.line_features`; it is read once per process, and nothing is
fetched. A line is noise when its probability exceeds the model's `threshold`, which the training script
calibrates so that article lines are kept (see `benchmarks/data/lines/README.md` for the data and scores).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.clean.boosting import Forest
from bot.clean.line_features import FEATURE_NAMES, line_features

MODEL_PATH = Path(__file__).with_name("line_model.json")
# Texts of fewer lines are left to the rules: the context features mean little there, and such short pastes
# are a person's own selection of an article.
MIN_LINES = 6


class LineModel:
    """A forest, the noise threshold it was calibrated for, and its word list (word -> noise log-odds)."""

    def __init__(self, forest: Forest, threshold: float, vocabulary: dict[str, float]) -> None:
        self.forest = forest
        self.threshold = threshold
        self.vocabulary = vocabulary

    def noise_probabilities(self, lines: list[str]) -> np.ndarray:
        if not lines:
            return np.zeros(0)
        return self.forest.probabilities(line_features(lines, self.vocabulary))

    def noise_flags(self, lines: list[str]) -> list[bool]:
        """True for each line the model calls noise; all False for texts under `MIN_LINES` lines."""
        if len(lines) < MIN_LINES:
            return [False] * len(lines)
        return (self.noise_probabilities(lines) > self.threshold).tolist()


def model_from_json(data: dict) -> LineModel:
    if tuple(data["features"]) != FEATURE_NAMES:
        raise ValueError("line model trained on other features; retrain (benchmarks/train_line_model.py)")
    vocabulary = {str(w): float(v) for w, v in data["vocabulary"].items()}
    return LineModel(Forest.from_json(data["forest"]), float(data["threshold"]), vocabulary)


@lru_cache(maxsize=1)
def default_model() -> LineModel:
    """The committed model, read once."""
    return model_from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
