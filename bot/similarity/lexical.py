"""The weaker scorer: a sentence as the set of its content words, hashed into a fixed-size unit vector.

The dot product of two such vectors is |A ∩ B| / sqrt(|A|·|B|) (the cosine of two word sets), so
it goes through the same `Similarity` code path as the sentence model, with no model to load.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

MODEL_ID = "lexical-content-words-v1"
DIM = 4096  # two content words share a bucket by chance with probability 1/4096
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def content_words(text: str, stop: frozenset[str]) -> set[str]:
    """Lower-cased words that are not stop words, possessive 's and plural -s dropped."""
    words = set()
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = word.split("'")[0]
        if word in stop or (len(word) < 2 and not word.isdigit()):
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


class LexicalEncoder:
    """Same interface as `SentenceEncoder`: `embed(texts)` gives unit rows of a float32 matrix."""

    model_id = MODEL_ID
    dim = DIM

    def __init__(self) -> None:
        self._stop = stop_words()

    def load(self) -> LexicalEncoder:
        return self

    def embed(self, texts: list[str], batch_size: int = 0) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            buckets = {zlib.crc32(w.encode()) % DIM for w in content_words(text, self._stop)}
            if buckets:
                out[row, list(buckets)] = 1.0 / np.sqrt(len(buckets))
        return out
