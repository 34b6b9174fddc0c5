"""Quotes across articles: the same words (corroboration), the same words reworded (quote wording, with a
word-level diff and a class), or the same words given to another speaker (attribution conflict)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from bot.compare.explain import label, word_changes
from bot.compare.lexicon import NEGATORS, STOPWORDS
from bot.compare.quote_text import GAP, looks_like_person, one_shortens_other, quote_words, same_person
from bot.compare.sides import Side
from bot.models import Finding

# Word-sequence similarity (difflib ratio, 0..1) above which two quote sentences are one quote rendered
# twice. Calibrated on the Kirby seeds: rewordings score 0.86-0.90, while two different sentences of the
# same speech sharing a frame ("Russia has failed in its objective of …" / "It has failed in its objective
# of …") score 0.67.
SAME_QUOTE_MIN_RATIO = 0.75
# Attribution conflicts need near-identical words, and enough of them to rule out a stock phrase.
ATTRIBUTION_MIN_RATIO = 0.9
MIN_QUOTE_WORDS = 5
# Two renderings of reported (indirect) speech this close are one statement reported twice.
REPORTED_SAME_MIN_RATIO = 0.85
DIRECT_KINDS = ("direct", "partial")
# Contractions and their spelled-out forms count as a minor difference ("It's" / "It has").
_CONTRACTIONS = {
    "'s": {"is", "has"}, "'re": {"are"}, "'ll": {"will"}, "'ve": {"have"}, "'d": {"would", "had"},
    "n't": {"not"}, "'m": {"am"},
}  # fmt: skip
_NUMBER = re.compile(r"\d")

_CLASS_WORDS = {
    "materially_changed": "the meaning changes",
    "paraphrased": "reworded",
    "trimmed": "shortened",
    "reordered": "words reordered",
}
CONFIDENCE = {
    "materially_changed": 0.85,
    "paraphrased": 0.65,
    "trimmed": 0.45,
    "reordered": 0.45,
    "minor": 0.3,
}


def similarity(a: list[str], b: list[str]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def classify(a: list[str], b: list[str]) -> tuple[str, list[dict[str, str]], bool]:
    """(class, word diff, minor) of two renderings of one quote.

    materially_changed: a negation or a number differs; reordered: same words, other order; trimmed: words
    only dropped or added; paraphrased: words replaced. `minor` when only contractions differ.
    """
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    diff = [
        {"op": tag, "a": " ".join(a[i1:i2]), "b": " ".join(b[j1:j2])}
        for tag, i1, i2, j1, j2 in ops
        if tag != "equal"
    ]
    changed = [w for d in diff for w in (d["a"] + " " + d["b"]).split()]
    negations = (sum(w in NEGATORS for w in a), sum(w in NEGATORS for w in b))
    numbers = ([w for w in a if _NUMBER.search(w)], [w for w in b if _NUMBER.search(w)])
    minor = bool(diff) and all(_contraction_pair(d["a"], d["b"]) or _function_words(d) for d in diff)
    if negations[0] != negations[1] or sorted(numbers[0]) != sorted(numbers[1]):
        return "materially_changed", diff, False
    if sorted(a) == sorted(b):
        return "reordered", diff, False
    if all(d["op"] in ("delete", "insert") for d in diff):
        return "trimmed", diff, False
    if minor or any(w in NEGATORS for w in changed):
        return ("paraphrased" if minor else "materially_changed"), diff, minor
    return "paraphrased", diff, False


def _function_words(d: dict[str, str]) -> bool:
    """The change touches only function words ("are"/"were", "the"): the same quote, tense or article
    aside, unless a negation is among them."""
    changed = (d["a"] + " " + d["b"]).split()
    return bool(changed) and all(w in STOPWORDS and w not in NEGATORS for w in changed)


def _contraction_pair(x: str, y: str) -> bool:
    xs, ys = set(x.split()), set(y.split())
    for short, longs in _CONTRACTIONS.items():
        if (xs == {short} and ys <= longs and ys) or (ys == {short} and xs <= longs and xs):
            return True
    return False


def compare_quotes(a: Side, b: Side) -> Finding | None:
    """A finding for two quote sentences from different articles, or None when they are different quotes.

    Differences in wording are only read between two direct (or partial) quotes of one named speaker;
    reported speech is the reporter's words, so two renderings of it can only corroborate."""
    if a.row.subkind == "scare" or b.row.subkind == "scare":
        return None
    wa, wb = _words_of(a), _words_of(b)
    pa, pb = [w for w in wa if w != GAP], [w for w in wb if w != GAP]
    if min(len(pa), len(pb)) < MIN_QUOTE_WORDS:
        return None
    ratio = similarity(pa, pb)
    cut = one_shortens_other(wa, wb)
    if ratio < SAME_QUOTE_MIN_RATIO and not cut:
        return None
    sa, sb = a.row.speaker, b.row.speaker
    direct = a.row.subkind in DIRECT_KINDS and b.row.subkind in DIRECT_KINDS
    details = {"ratio": round(ratio, 3), "speakers": [sa, sb]}
    if sa and sb and not same_person(sa, sb):
        if direct and ratio >= ATTRIBUTION_MIN_RATIO and looks_like_person(sa) and looks_like_person(sb):
            return _attribution(a, b, sa, sb, ratio, details)
        return None  # an institution, an unnamed source or a paraphrase: who said it cannot be compared
    who = sa or sb or "the speaker"
    if pa == pb or cut:
        how = "word for word" if pa == pb else "in the same words, one of them shortened"
        return Finding(
            "corroboration",
            a.ref(),
            b.ref(),
            f"Also reported by {label(b.article)}: both quote {who} {how}.",
            0.8 if pa == pb else 0.7,
            {**details, "shortened": cut and pa != pb},
        )
    if not direct:
        if ratio < REPORTED_SAME_MIN_RATIO:
            return None
        return Finding(
            "corroboration",
            a.ref(),
            b.ref(),
            f"Also reported by {label(b.article)}: {who} is reported saying the same.",
            0.6,
            details,
        )
    if not (sa and sb):
        return None  # two wordings and no named speaker on one side: nothing ties them to one quote
    klass, diff, minor = classify(pa, pb)
    details.update({"class": klass, "diff": diff, "minor": minor})
    confidence = CONFIDENCE["minor"] if minor else CONFIDENCE[klass]
    return Finding(
        "quote_wording",
        a.ref(),
        b.ref(),
        f"{who}'s quote differs from {label(b.article)} ({_CLASS_WORDS[klass]}): {word_changes(diff)}.",
        round(confidence, 2),
        details,
    )


def _attribution(a: Side, b: Side, sa: str, sb: str, ratio: float, details: dict) -> Finding:
    return Finding(
        "attribution_conflict",
        a.ref(),
        b.ref(),
        f"The same words are given to {sa} here and to {sb} by {label(b.article)}.",
        round(0.5 + 0.3 * ratio, 2),
        details,
    )


def _words_of(side: Side) -> list[str]:
    """The side's quote words, computed once per side."""
    if "quote_words" not in side.memo:
        side.memo["quote_words"] = quote_words(side.row.text)
    return side.memo["quote_words"]
