"""A sentence that corrects a figure says so, and names the old figure: "about 3,800,000 dlrs, not the
eight mln dlrs the company originally announced", "1.0 pct instead of the previously announced 1.3 pct",
"corrected its fourth quarter net income to 485,380 dlrs from 528,790 dlrs", "reported as rising 1.6 pct
rose on the revised basis by 3.2 pct".

A stored figure with the old value, in an article about the same subject, is then the figure being
corrected: an `updated_figure` (a revision by the one who gave it), whatever its parse named it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.compare.explain import label
from bot.compare.frames import Token, frame_tokens, same_figure
from bot.compare.restated import CORRECTED_CONFIDENCE, one_subject, token_ref
from bot.compare.sides import Side, same_story
from bot.models import Finding

REVISION_VERBS = frozenset(
    {"revise", "revised", "revises", "revising", "correct", "corrected", "corrects", "correcting", "restated",
     "restate", "restates", "adjusted"}
)  # fmt: skip
# Tokens between a cue and the figure it governs.
CUE_REACH = 4
NEW_VALUE_REACH = 10


@dataclass(frozen=True, slots=True)
class Revision:
    new: Token
    old: Token


def revisions(sentence: str) -> list[Revision]:
    """(new figure, old figure) pairs a correcting sentence states."""
    tokens = frame_tokens(sentence)
    lower = [t.text.lower() for t in tokens]
    found: list[Revision] = []
    for i, word in enumerate(lower):
        pair = (word, lower[i + 1] if i + 1 < len(lower) else "")
        if pair in (("not", "the"), ("instead", "of")):
            _add(found, _before(tokens, i), _after(tokens, i + 1))
        elif pair == ("reported", "as"):
            old = _after(tokens, i + 1)
            later = [j for j in range(i, len(lower)) if lower[j] in REVISION_VERBS]
            if old is not None and later:
                _add(found, _after(tokens, later[0]), old)
    if any(w in REVISION_VERBS for w in lower):
        for i, word in enumerate(lower):
            if word == "to" and i + 1 < len(tokens) and tokens[i + 1].number:
                frm = _following(lower, tokens, i + 1, "from")
                if frm is not None:
                    _add(found, tokens[i + 1], frm)
    return found


def _add(found: list[Revision], new: Token | None, old: Token | None) -> None:
    if new is not None and old is not None and not same_figure(new, old) and new.kind == old.kind:
        found.append(Revision(new, old))


def _after(tokens: tuple[Token, ...], i: int) -> Token | None:
    return next((t for t in tokens[i + 1 : i + 1 + CUE_REACH] if t.number), None)


def _before(tokens: tuple[Token, ...], i: int) -> Token | None:
    return next((t for t in reversed(tokens[max(0, i - NEW_VALUE_REACH) : i]) if t.number), None)


def _following(lower: list[str], tokens: tuple[Token, ...], i: int, word: str) -> Token | None:
    """The figure after `word` within reach of token i ("to 485,380 dlrs from 528,790 dlrs")."""
    for j in range(i + 1, min(len(lower), i + 1 + CUE_REACH)):
        if lower[j] == word:
            return _after(tokens, j)
    return None


def compare_revision(mine: Side, theirs: Side) -> Finding | None:
    """`mine`'s sentence corrects a figure to a new value, and `theirs` is a figure with the old value."""
    sentence = mine.row.sentence or mine.row.text
    found = mine.memo.get("revisions")
    if found is None:
        found = mine.memo["revisions"] = revisions(sentence)
    if not found or theirs.row.value is None or theirs.row.unit == "date":
        return None
    stored = Token("#", theirs.row.text, 0, 0, theirs.row.value)
    match = next((r for r in found if same_figure(r.old, stored)), None)
    if match is None or not (same_story(mine, theirs) or one_subject(mine, theirs)):
        return None
    return Finding(
        "updated_figure",
        token_ref(mine, match.new),
        theirs.ref(),
        f"{match.new.text} here corrects {theirs.row.text} in {label(theirs.article)}: this article says "
        f"{match.old.text} was the earlier figure.",
        CORRECTED_CONFIDENCE,
        {"rule": "revision", "values": [match.new.value, theirs.row.value], "old": match.old.value},
    )
