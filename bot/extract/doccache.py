"""Doc-level views computed once per `Doc` and kept in `doc.user_data` under `newsbot_` keys.

`Doc.text`, `Doc.sents`, `Doc.ents` and `Span.sent` are not stored by spaCy: each access walks the whole
doc again (for `Doc.text`, a Python `Token` per token). Extraction reads them hundreds of times per
article, so every step takes them from here instead. The cache assumes the doc is not changed after
parsing (no retokenising, no new entities), which holds for extraction.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Doc, Span

__all__ = [
    "doc_text",
    "entities",
    "entities_by_sentence",
    "entities_within",
    "sentence_index",
    "sentence_of",
    "sentences",
    "token_texts",
]

_T = TypeVar("_T")


def _cached(doc: Doc, name: str, build: Callable[[Doc], _T]) -> _T:
    key = f"newsbot_{name}"
    value = doc.user_data.get(key)
    if value is None:
        value = build(doc)
        doc.user_data[key] = value
    return value


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once."""
    return _cached(doc, "text", lambda d: d.text)


def sentences(doc: Doc) -> list[Span]:
    """`list(doc.sents)` (empty for an empty doc)."""
    return _cached(doc, "sents", lambda d: list(d.sents) if len(d) else [])


def entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once."""
    return _cached(doc, "ents", lambda d: tuple(d.ents))


def token_texts(doc: Doc) -> frozenset[str]:
    """Every token's text as written: a set lookup instead of a scan of the doc."""
    return _cached(doc, "token_texts", lambda d: frozenset(t.text for t in d))


def _sentence_starts(doc: Doc) -> list[int]:
    return _cached(doc, "sent_starts", lambda d: [s.start for s in sentences(d)])


def sentence_index(doc: Doc, token_i: int) -> int:
    """Index into `sentences(doc)` of the sentence holding token `token_i`."""
    return max(0, bisect_right(_sentence_starts(doc), token_i) - 1)


def sentence_of(doc: Doc, token_i: int) -> Span:
    """The sentence holding token `token_i` (what `doc[token_i].sent` returns, without the doc walk)."""
    return sentences(doc)[sentence_index(doc, token_i)]


def _entity_starts(doc: Doc) -> list[int]:
    return _cached(doc, "ent_starts", lambda d: [e.start for e in entities(d)])


def entities_within(doc: Doc, start: int, end: int) -> list[Span]:
    """The entities lying wholly inside tokens `start:end` (what `doc[start:end].ents` returns)."""
    ents = entities(doc)
    out: list[Span] = []
    for i in range(bisect_left(_entity_starts(doc), start), len(ents)):
        if ents[i].end > end:
            break
        out.append(ents[i])
    return out


def entities_by_sentence(doc: Doc) -> list[list[Span]]:
    """For each sentence of `sentences(doc)`, the entities that start in it."""

    def build(d: Doc) -> list[list[Span]]:
        out: list[list[Span]] = [[] for _ in sentences(d)]
        for ent in entities(d):
            out[sentence_index(d, ent.start)].append(ent)
        return out

    return _cached(doc, "ents_by_sent", build)
