"""Sentence meaning for one comparison run: each text embedded once, scored on demand.

Only pairs that passed the cheap rule checks are scored, so an article's comparison embeds a few dozen
sentences at most; the model (`bot.similarity`) is loaded on first use.
"""

from __future__ import annotations

import numpy as np

from bot.similarity import Similarity


class Meaning:
    """Cosines of sentence embeddings, with the scorer's thresholds."""

    def __init__(self, similarity: Similarity) -> None:
        self.similarity = similarity
        self._vectors: dict[str, np.ndarray] = {}

    def _vector(self, text: str) -> np.ndarray:
        vector = self._vectors.get(text)
        if vector is None:
            vector = self._vectors[text] = self.similarity.embed([text])[0]
        return vector

    def score(self, a: str, b: str) -> float:
        return float(self._vector(a) @ self._vector(b))

    def related(self, a: str, b: str) -> bool:
        """About the same thing: worth calling the same claim or the same measurement."""
        return self.similarity.related(self.score(a, b))

    def same_claim(self, a: str, b: str) -> bool:
        return self.similarity.same_claim(self.score(a, b))
