"""Look-up keys of a stored claim (rows of the `claim_keys` inverted index).

Keys are computed from a claim's stored text fields alone, so the same function serves `index_claims`
and the benchmark's synthetic rows:

- quote: ``q:<word 3-gram>`` of the quote's words (same words, any speaker);
- numeric: ``n:<quantity key>``, ``ns:<quantity key>|<subject>`` and ``v:<value>`` (a correction names the
  old figure whatever the parse called it: "not the 37 cts it reported");
- fact: ``c:<concept>`` for each content concept of the sentence (stems, near-synonym concepts, entities).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.compare.text import entity_concept, read, shingles, words

MAX_KEY_CHARS = 300


def subject_key(subject: str | None) -> str:
    return " ".join(words(subject or ""))


def claim_keys(
    kind: str,
    text: str,
    *,
    quantity_key: str | None = None,
    subject: str | None = None,
    entities: Iterable[str] = (),
    value: float | None = None,
) -> list[str]:
    """The distinct look-up keys of one claim."""
    if kind == "quote":
        keys = [f"q:{s}" for s in shingles(text)]
    elif kind == "numeric":
        qk = (quantity_key or "").lower().strip()
        keys = [f"n:{qk}", f"ns:{qk}|{subject_key(subject)}"] if qk else []
        if value is not None:
            keys.append(f"v:{value:.6g}")
    else:
        concepts = set(read(text).concepts) | {entity_concept(e) for e in entities}
        keys = [f"c:{c}" for c in sorted(concepts)]
    return list(dict.fromkeys(k[:MAX_KEY_CHARS] for k in keys))
