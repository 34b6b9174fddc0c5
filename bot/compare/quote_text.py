"""What counts as the same words and the same person when two outlets quote one speaker.

On real news (a 1987 newswire archive, and article pairs about one rumour) the quote rules flagged
differences that are not differences: "stabilize"/"stabilise", "don't" typed as `don"t`, an editor's
[bracketed] insertion, a quote one outlet shortened; and "different speakers" who were one person
(first name vs full name, a spokeswoman vs her agency, "Rpt" read off a repeated headline). These
helpers normalise both sides the same way before anything is compared.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.compare.lexicon import INSTITUTION_WORDS
from bot.compare.text import words

# Two spellings of one surname score at least this (rapidfuzz ratio): "Kapnik"/"Kapnick" 92, while
# different surnames of one length rarely pass ("Kerry"/"Kirby" 60).
SURNAME_MIN_RATIO = 85
# An editor's insertion or an ellipsis: words left out or replaced, so a gap, not a difference.
GAP = "\u2026"
_UNITED_STATES = re.compile(r"\b(?:the\s+)?United\s+States\b", re.IGNORECASE)
_BRACKETED = re.compile(r"\[[^\]]{0,80}\]")
_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|\u2026")
# A double quote or apostrophe between two letters is an apostrophe typed with the wrong key ("don"t").
_INNER_MARK = re.compile(r"(?<=[A-Za-z])[\"'’`´](?=[A-Za-z])")
# British and American spellings of one word share a key (applied to both sides, so over-folding only
# ever merges two spellings, it never splits one).
_SPELLING = [
    (re.compile(r"([a-z]{3,})is(e|ed|es|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"([a-z]{2,})ys(e|ed|es|ing)$"), r"\1yz\2"),
    (re.compile(r"([a-z]{3,})our(s|ed|ing|ite|ites|able|ful)?$"), r"\1or\2"),
    (re.compile(r"([a-z]{3,})tre(s)?$"), r"\1ter\2"),
    (re.compile(r"([a-z]{3,})ogue(s)?$"), r"\1og\2"),
    (re.compile(r"([a-z]{3,})ence$"), r"\1ense"),
    (re.compile(r"([a-z]{3,}[aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
    (re.compile(r"([a-z]{4,})mme(s)?$"), r"\1m\2"),
]
_SPELLING_EXCEPTIONS = frozenset(
    {"four", "hour", "hours", "your", "yours", "tour", "tours", "pour", "flour", "sour", "detour"}
)


def spelling_key(word: str) -> str:
    """One key for the British and American spellings of a word ("stabilise", "stabilize")."""
    if word in _SPELLING_EXCEPTIONS:
        return word
    for pattern, repl in _SPELLING:
        folded = pattern.sub(repl, word)
        if folded != word:
            return folded
    return word


def quote_words(text: str) -> list[str]:
    """Words of a quote for comparison: case, quote marks, hyphens and spelling variants folded;
    editorial brackets and ellipses become one `GAP` token."""
    text = _UNITED_STATES.sub("U.S.", _INNER_MARK.sub("'", text))
    text = _ELLIPSIS.sub(f" {GAP} ", _BRACKETED.sub(f" {GAP} ", text))
    out: list[str] = []
    for piece in re.split(f"({GAP})", text.replace("-", " ")):
        if piece == GAP:
            if not out or out[-1] != GAP:
                out.append(GAP)
            continue
        out += [spelling_key(w) for w in words(piece)]
    return _trim_stray_letters(out)


def _trim_stray_letters(tokens: list[str]) -> list[str]:
    """Drop single letters left at either end by a quote mark typed as an apostrophe ("don" | "t …")."""
    keep = ("a", "i", GAP)
    while tokens and len(tokens[0]) == 1 and tokens[0] not in keep:
        tokens = tokens[1:]
    while tokens and len(tokens[-1]) == 1 and tokens[-1] not in keep:
        tokens = tokens[:-1]
    return tokens


def fragments(tokens: list[str]) -> list[list[str]]:
    """The runs of words between gaps."""
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token == GAP:
            runs.append([])
        else:
            runs[-1].append(token)
    return [r for r in runs if r]


def _find_run(run: list[str], tokens: list[str], start: int) -> int:
    """Index after the first occurrence of `run` in `tokens` at or after `start`, or -1."""
    n = len(run)
    for i in range(start, len(tokens) - n + 1):
        if tokens[i : i + n] == run:
            return i + n
    return -1


def shortened(short: list[str], full: list[str]) -> bool:
    """`short` is `full` cut down: its runs of words (between gaps) appear in `full`, in order.

    Without a gap that means one contiguous stretch of `full` (another outlet quoted less of it)."""
    runs = fragments(short)
    if not runs:
        return False
    plain = [t for t in full if t != GAP]
    pos = 0
    for run in runs:
        pos = _find_run(run, plain, pos)
        if pos < 0:
            return False
    return True


def one_shortens_other(a: list[str], b: list[str]) -> bool:
    return shortened(a, b) or shortened(b, a)


_NAME_WORD = re.compile(r"^[A-Z][a-zA-Z'’.\-]+$")


def looks_like_person(name: str | None) -> bool:
    """A named person ("John Kirby", "Kirby"): capitalised words, no institution word, not unnamed."""
    if not name or name.lower().startswith("unnamed"):
        return False
    tokens = name.split()
    if not tokens or len(tokens) > 4 or any(t.lower().strip(".,") in INSTITUTION_WORDS for t in tokens):
        return False
    if len(tokens) == 1 and (len(name) < 4 or name.isupper()):
        return False  # "Rpt", "NAPM", "AP": an abbreviation, not a surname
    return all(_NAME_WORD.match(t) for t in tokens)


def same_person(a: str, b: str) -> bool:
    """Two names of one person: the same words, or one is the other's surname or first name."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, full = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) == 1:  # "Kirby" / "John Kirby", "Hillary" / "Hillary Clinton", "Kapnik" / "Harvey Kapnick"
        return short[0] == full[0] or _same_surname(short[0], full[-1])
    return short[0] == full[0] and _same_surname(short[-1], full[-1])  # a middle name or initial left out


def _same_surname(a: str, b: str) -> bool:
    """The same surname, allowing one outlet's misspelling ("Kapnik" / "Kapnick")."""
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= SURNAME_MIN_RATIO)
