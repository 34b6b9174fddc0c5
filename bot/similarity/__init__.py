"""How alike two sentences are in meaning, behind one seam with two scorers.

`get_similarity(settings)` returns the process's `Similarity` for `NEWSBOT_SIMILARITY`:
`semantic` (all-MiniLM-L6-v2 on onnxruntime) or `lexical` (content-word overlap). Both embed texts
as unit vectors and score by dot product, so callers never branch on the scorer; each carries its own
thresholds, measured on real news pairs by `benchmarks/similarity.py`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from bot.similarity.encoder import ModelIntegrityError, SentenceEncoder
from bot.similarity.lexical import LexicalEncoder
from bot.similarity.vectors import from_bytes, stack, to_bytes

__all__ = [
    "ModelIntegrityError",
    "SentenceEncoder",
    "LexicalEncoder",
    "Similarity",
    "Thresholds",
    "get_similarity",
    "make_similarity",
    "from_bytes",
    "to_bytes",
    "stack",
]


class Encoder(Protocol):
    model_id: str
    dim: int

    def load(self) -> Encoder: ...

    def embed(self, texts: list[str], batch_size: int = ...) -> np.ndarray: ...


@dataclass(frozen=True)
class Thresholds:
    """Score at or above which two sentences state the same claim, and at or above which they are
    about the same thing (worth comparing for a conflict). Measured per scorer, never shared."""

    same_claim: float
    related: float


# The best-F1 cuts of benchmarks/similarity.py on 245 STS-benchmark news headline pairs, rounded down
# to 0.05: "same claim" separates gold >= 4 (mostly equivalent) from the rest, "related" gold >= 2
# (share some details) from gold < 2. See benchmarks/data/similarity/README.md.
THRESHOLDS = {
    "semantic": Thresholds(same_claim=0.80, related=0.55),
    "lexical": Thresholds(same_claim=0.60, related=0.35),
}


class Similarity:
    """Embed once, compare many: `embed` texts to unit rows, `matrix` gives all their cosines."""

    def __init__(self, name: str, encoder: Encoder, thresholds: Thresholds) -> None:
        self.name = name
        self.encoder = encoder
        self.thresholds = thresholds

    @property
    def model_id(self) -> str:
        """Store this beside saved vectors: vectors of different ids are not comparable."""
        return self.encoder.model_id

    @property
    def dim(self) -> int:
        return self.encoder.dim

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.encoder.embed(list(texts))

    @staticmethod
    def matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Cosine of every row of `a` with every row of `b` (rows are unit vectors)."""
        return np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32).T

    def score(self, a: str, b: str) -> float:
        va, vb = self.embed([a, b])
        return float(va @ vb)

    def same_claim(self, score: float) -> bool:
        return score >= self.thresholds.same_claim

    def related(self, score: float) -> bool:
        return score >= self.thresholds.related


def make_similarity(name: str, threads: int = 0) -> Similarity:
    """A new `Similarity` of the named kind (`semantic` or `lexical`); the model loads on first use."""
    if name == "semantic":
        return Similarity(name, SentenceEncoder(threads=threads), THRESHOLDS[name])
    if name == "lexical":
        return Similarity(name, LexicalEncoder(), THRESHOLDS[name])
    raise ValueError(f"unknown similarity {name!r}: use 'semantic' or 'lexical'")


_cache: dict[tuple[str, int], Similarity] = {}
_cache_lock = threading.Lock()


def get_similarity(settings) -> Similarity:
    """The process's `Similarity` for `settings.similarity` (built once, thread-safe)."""
    key = (settings.similarity, settings.similarity_threads)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = make_similarity(*key)
        return _cache[key]
