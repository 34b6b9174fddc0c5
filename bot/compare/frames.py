"""Two sentences that are one sentence with a few words or figures changed: a correction or a re-report.

Wire services correct a story by filing it again with the wrong words replaced ("Shr one ct vs five cts"
/ "Shr five cts vs one ct", "includes" / "excludes", "to Banner Industries" / "to Oak Industries"), and a
second outlet restates an agency's sentence with its own figure. Then the sentence itself says what is
measured, of what and when, far more surely than a parsed quantity name: the figures at the same place
in the same words measure the same thing, and figures at different places measure different things.

A frame is a sentence's words, datelines and a closing attribution ("…, the department said") left out,
with every number as a slot. Two sentences share a frame when their word sequences align almost wholly
(`FRAME_MIN_RATIO`). What differs is then read word by word: aligned numbers that differ (or whose sign
word, "loss" / "profit", differs), opposite words ("includes" / "excludes"), names put in another place,
a negation added or dropped; spelling variants ("stabilise" / "stabilize", "nc" / "Inc") and function
words are not differences.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from bot.compare.lexicon import STOPWORDS, word_set
from bot.extract.timeref import WIRE_DATELINE as _DATELINE
from bot.extract.units import MONTHS, SCALES, TENS_WORDS, UNITS_WORDS

# Share of the two word sequences (numbers as slots) that must align for one frame. Corrections and
# restatements on the Reuters set align at 0.85-1.0; two companies' results lines share the whole
# frame ("Shr # cts vs # cts"), which is why the articles must be about one subject as well (`frame_pair`).
FRAME_MIN_RATIO = 0.8
MIN_FRAME_TOKENS = 2
# A correction changes one or two figures of a sentence (or swaps two); more is the same template filled
# with another day's or another market's figures.
MAX_CHANGED_FIGURES = 2
# A reworded word this close (tokens) to a disagreeing figure may say it measures something else.
REWORDED_REACH = 4
# Words whose change makes a figure another period's or another part's, not a corrected one.
TIME_WORDS = word_set(
    """morning afternoon evening night session today yesterday tomorrow tonight week month year quarter
    qtr half mth day monday tuesday wednesday thursday friday saturday sunday first second third
    fourth 1st 2nd 3rd 4th annual daily weekly monthly prior previous current last next"""
) | frozenset(MONTHS)
DAY_WORDS = word_set("today yesterday tomorrow tonight monday tuesday wednesday thursday friday")
# A word before a figure that gives its sign in results tables ("Shr loss 24 cts vs profit 19 cts").
SIGN_WORDS = {"loss": -1, "deficit": -1, "profit": 1, "gain": 1, "surplus": 1}
NEGATORS = frozenset({"not", "no", "never", "n't", "nor", "without"})
# Opposite words that differ only in their start ("includes" / "excludes", "imposed" / "proposed",
# "import" / "export", "upward" / "downward"): the shared ending must be at least this long.
MIN_SHARED_ENDING = 4
OPPOSITE_STARTS = frozenset(
    frozenset(pair)
    for pair in (("in", "ex"), ("im", "ex"), ("im", "pro"), ("in", "de"), ("inc", "dec"), ("up", "down"),
                 ("over", "under"), ("", "un"), ("", "dis"), ("", "non"), ("im", "ex"), ("ac", "re"))
)  # fmt: skip
# Two spellings of one word ("stabilise" / "stabilize", "Reidgefield" / "Ridgefield", "nc" / "Inc").
VARIANT_MIN_RATIO = 0.8

_ATTRIBUTION = re.compile(
    r",\s+(?![^,]*\b(?:not|than|from|of)\b)(?:(?:the|a|an|its|one)\s+)?[A-Za-z.'’ -]{0,50}?"
    r"\b(?:said|says|reported|announced|added)\s*[.)]*\s*$",
    re.IGNORECASE,
)
_NUMBER = r"\d+-\d+/\d+|\d+/\d+|\d{1,3},\d\d(?![\d,])|\d[\d,]*(?:\.\d+)?"
_NUMBER_WORDS = {**UNITS_WORDS, **TENS_WORDS}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|March|Mar|April|Apr|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY_NUMBER_WORDS = (w for w, v in {**UNITS_WORDS, **TENS_WORDS}.items() if 1 <= v <= 31)
_DAY_WORDS_RE = "|".join(sorted(_DAY_NUMBER_WORDS, key=len, reverse=True))
_TOKEN = re.compile(
    rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}|{_DAY_WORDS_RE})\b(?![,.]\d)"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})(?!\w)"
    rf"|(?P<num>{_NUMBER})(?:\s*(?P<scale>mln|bln|billion|million|thousand|trillion)\b)?"
    r"|(?P<word>[A-Za-z]+(?:['’][a-z]+)?)"
)


@dataclass(frozen=True, slots=True)
class Token:
    key: str  # folded word, or "#" for a number
    text: str  # as written
    start: int  # offsets into the sentence
    end: int
    value: float | None = None
    name: bool = False  # capitalised inside the sentence: a name
    kind: str = ""  # numbers: "date" ("April 28"), "year" ("1986"), "period" ("nine months"), "" a figure
    step: float = 0.0  # numbers: the rounding step the writing allows ("12.1 mln": 100,000)

    @property
    def number(self) -> bool:
        return self.key == "#"


@dataclass(slots=True)
class FrameDiff:
    """What differs between two sentences of one frame."""

    ratio: float
    figures: list[tuple[Token, Token]] = field(default_factory=list)  # aligned numbers that disagree
    opposites: list[tuple[str, str]] = field(default_factory=list)  # opposite words, negation added/dropped
    names: list[tuple[str, str]] = field(default_factory=list)  # a name in place of another
    other_changes: bool = False  # a time word replaced ("morning" / "afternoon"): another period
    reworded_at: list[int] = field(default_factory=list)  # token indices (in `a`) of other replaced words
    figure_at: list[int] = field(default_factory=list)  # token index (in `a`) of each disagreeing figure
    signed: dict[int, tuple[int, int]] = field(default_factory=dict)  # id(token in a) -> the two signs

    @property
    def other_period(self) -> bool:
        """A time word replaced, or a year or a period's length changed: another period's sentence."""
        return self.other_changes or any(x.kind in ("year", "period") for x, _ in self.figures)

    def figures_kept(self) -> list[tuple[Token, Token]]:
        """The disagreeing figures with no reworded word close to them (another word near a figure may
        name another quantity: "120 mln stg in the morning" / "… in the afternoon")."""
        if self.other_period:
            return []  # another year or another period's figures in the same words
        kept = [
            pair
            for pair, i in zip(self.figures, self.figure_at, strict=True)
            if all(abs(i - j) > REWORDED_REACH for j in self.reworded_at)
        ]
        if len(kept) > MAX_CHANGED_FIGURES and not _reversed(kept):
            return []  # a template filled again (a market report, another month's table), not a correction
        if any(x.kind == "date" for x, _ in kept) and len(kept) > 1:
            return []  # another date and other figures: another day's report
        return kept


def shown_pair(diff: FrameDiff, x: Token, y: Token) -> tuple[str, str]:
    """The two figures as a reporter reads them, with their sign where it changed ("loss six" / "profit
    six")."""
    signs = diff.signed.get(id(x))
    if signs is None:
        return x.text, y.text
    word = {-1: "loss", 1: "profit"}
    return f"{word[signs[0]]} {x.text}", f"{word[signs[1]]} {y.text}"


def _reversed(pairs: list[tuple[Token, Token]]) -> bool:
    """The figures were swapped ("Net 50,745 vs 161,019" / "Net 161,019 vs 50,745")."""
    return sorted(x.value or 0.0 for x, _ in pairs) == sorted(y.value or 0.0 for _, y in pairs)


def fold(word: str) -> str:
    """One key for spelling and number variants of a word ("stabilise"/"stabilize", "cts"/"ct")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", w)
    w = w.replace("programme", "program")
    if w in _ABBREVIATIONS:
        return _ABBREVIATIONS[w]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return _ABBREVIATIONS.get(w, w)


_ABBREVIATIONS = {
    "mth": "month", "mths": "month", "qtr": "quarter", "qtrs": "quarter", "yr": "year", "shr": "share",
    "shrs": "share", "ct": "cent", "cts": "cent", "dlr": "dollar", "dlrs": "dollar", "rev": "revenue",
    "revs": "revenue", "pct": "percent",
}  # fmt: skip


def number_value(text: str, scale: str | None = None) -> float:
    """ "17-1/4" -> 17.25, "1,541,000" -> 1541000, "36.7" mln -> 36.7e6, "five" -> 5."""
    text = text.lower()
    if text in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[text])
    elif "/" in text:
        whole, _, frac = text.rpartition("-")
        num, den = frac.split("/")
        value = (float(whole) if whole else 0.0) + float(num) / float(den)
    elif re.fullmatch(r"\d{1,3},\d\d", text):
        value = float(text.replace(",", "."))  # "2,29": a decimal comma
    else:
        value = float(text.replace(",", ""))
    return value * SCALES.get(scale.lower(), 1.0) if scale else value


@lru_cache(maxsize=8192)
def frame_tokens(sentence: str) -> tuple[Token, ...]:
    """The sentence's tokens, dateline and closing attribution left out."""
    text = sentence.rstrip()
    start = 0
    dateline = _DATELINE.match(text)
    if dateline:
        start = dateline.end()
    attribution = _ATTRIBUTION.search(text, start)
    end = attribution.start() if attribution and attribution.start() > start else len(text)
    tokens: list[Token] = []
    skip_to = 0
    for m in _TOKEN.finditer(text, start, end):
        if m.start() < skip_to:
            continue
        if m["month"] or m["month2"]:  # "April 28", "August six", "24 February": a date is one figure
            month = MONTHS[(m["month"] or m["month2"]).rstrip(".").lower()]
            value = month * 100 + number_value(m["day"] or m["day2"])
            tokens.append(Token("#", m.group(0), m.start(), m.end(), value, kind="date"))
            continue
        if m["num"]:
            value = number_value(m["num"], m["scale"])
            kind = "year" if _YEAR.fullmatch(m.group(0)) else _period_kind(text, m.end())
            tokens.append(Token("#", m.group(0), m.start(), m.end(), value, kind=kind, step=_step(m)))
            continue
        word = m["word"]
        if word.lower() in _NUMBER_WORDS and _counts(text, m.end()):
            scale = _SCALE_AFTER.match(text, m.end())
            stop = scale.end() if scale else m.end()
            value = number_value(word, scale.group(1) if scale else None)
            kind = _period_kind(text, stop)
            tokens.append(Token("#", text[m.start() : stop], m.start(), stop, value, kind=kind))
            skip_to = stop
            continue
        name = word[0].isupper() and not word.isupper() and bool(tokens) and word.lower() not in MONTHS
        tokens.append(Token(fold(word), word, m.start(), m.end(), name=name))
    return tuple(tokens)


_SCALE_AFTER = re.compile(r"\s+(mln|bln|billion|million|thousand|trillion)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_PERIOD_AFTER = re.compile(
    r"\s*-?\s*(?:months?|mths?|weeks?|wks?|years?|yrs?|quarters?|qtrs?|days?)\b", re.IGNORECASE
)


def _period_kind(text: str, end: int) -> str:
    """ "period" for a number that counts a period ("nine months", "12 mths"): another number there is
    another period, not a corrected figure."""
    return "period" if _PERIOD_AFTER.match(text, end) else ""


def _step(m: re.Match[str]) -> float:
    """How far a written figure may lie from the exact one by rounding: half its last digit's unit
    ("12.1 mln" covers 12.05-12.15 mln; "1,200,000" covers 1,150,000-1,250,000), 0 for an exact one."""
    if re.search(r",\d{4}|,\d{1,2}(?:,|$)", m["num"]) and not re.fullmatch(r"\d{1,3},\d\d", m["num"]):
        return math.inf  # "3,342,0000": a mistyped figure, not a second value
    number, scale = m["num"].replace(",", ""), m["scale"]
    multiplier = SCALES.get(scale.lower(), 1.0) if scale else 1.0
    if "/" in number:
        return 0.0
    if "." in number:
        decimals = len(number.split(".")[1])
        return 0.5 * 10 ** (-decimals) * multiplier if scale else 0.0
    zeros = len(number) - len(number.rstrip("0"))
    return 0.5 * 10**zeros * multiplier if zeros >= 3 or (scale and zeros >= 1) else 0.0


def _counts(text: str, end: int) -> bool:
    """A number word followed by a unit or a noun, not "one of" ("one ct", "five dlrs")."""
    return not re.match(r"\s+(?:of|or|and|another|other|side)\b", text[end : end + 10])


def _signs(tokens: tuple[Token, ...]) -> dict[int, int]:
    """Index of each number -> its sign word's sign: +1 when none precedes it, the row's first figure's
    sign for a bare "vs" value ("Shr loss 17.3 cts vs 21.5 cts": both losses)."""
    out: dict[int, int] = {}
    first: int | None = None
    for i, tok in enumerate(tokens):
        if tok.number:
            before = tokens[i - 1].key if i else ""
            after_vs = i > 0 and before == "vs"
            sign = SIGN_WORDS.get(before, first if after_vs and first is not None else 1)
            out[i] = sign
            if first is None:
                first = sign
    return out


@lru_cache(maxsize=4096)
def frame_diff(a: str, b: str) -> FrameDiff | None:
    """How sentence `b` differs from sentence `a` when they share a frame, else None (read only: cached,
    since every pair of figures of two sentences asks it)."""
    ta, tb = frame_tokens(a), frame_tokens(b)
    if min(len(ta), len(tb)) < MIN_FRAME_TOKENS or 2 * min(len(ta), len(tb)) < FRAME_MIN_RATIO * (
        len(ta) + len(tb)
    ):
        return None
    keys_a, keys_b = _keys(a), _keys(b)
    if 2 * sum((keys_a[1] & keys_b[1]).values()) < FRAME_MIN_RATIO * (len(ta) + len(tb)):
        return None  # not enough words in common in any order: no alignment can reach the ratio
    matcher = SequenceMatcher(None, keys_a[0], keys_b[0], autojunk=False)
    ratio = matcher.ratio()
    if ratio < FRAME_MIN_RATIO or not _enough_words(ta, tb, matcher):
        return None
    diff = FrameDiff(ratio)
    sa, sb = _signs(ta), _signs(tb)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                x, y = ta[i], tb[j]
                if x.number and (not same_figure(x, y) or sa[i] != sb[j]):
                    diff.figures.append((x, y))
                    diff.figure_at.append(i)
                    if sa[i] != sb[j]:
                        diff.signed[id(x)] = (sa[i], sb[j])
            continue
        _read_change(diff, ta, tb, (i1, i2), (j1, j2))
    return diff


@lru_cache(maxsize=8192)
def _keys(sentence: str) -> tuple[list[str], Counter[str]]:
    keys = [_align_key(t) for t in frame_tokens(sentence)]
    return keys, Counter(keys)


def _align_key(token: Token) -> str:
    """Numbers align with numbers; sign words align with each other ("loss" / "profit")."""
    if token.key in SIGN_WORDS:
        return "±"
    return token.key


def _enough_words(ta: tuple[Token, ...], tb: tuple[Token, ...], matcher: SequenceMatcher) -> bool:
    """The aligned part holds at least two content words (one in a two-word line: "Pay April 28")."""
    shared = 0
    for block in matcher.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            shared += _content(ta[i])
    return shared >= min(2, sum(_content(t) for t in ta), sum(_content(t) for t in tb)) and shared > 0


def same_figure(x: Token, y: Token) -> bool:
    """One figure written two ways: equal, or equal after rounding ("12.1 mln" / "12,141,000"; "58.7 mln"
    and "58.8 mln" may both be 58.75 mln rounded)."""
    if x.value is None or y.value is None:
        return x.value == y.value
    if abs(x.value - y.value) <= x.step + y.step or _same_value(x.value, y.value):
        return True
    # "17 cts" / "17.3 cts": the integer is the decimal rounded
    whole = [t for t in (x, y) if t.value is not None and t.value.is_integer() and "." not in t.text]
    return len(whole) == 1 and abs(x.value - y.value) <= 0.5 and abs(x.value) >= 10


def _same_value(x: float | None, y: float | None) -> bool:
    if x is None or y is None:
        return x == y
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1.0)


def _read_change(
    diff: FrameDiff,
    ta: tuple[Token, ...],
    tb: tuple[Token, ...],
    span_a: tuple[int, int],
    span_b: tuple[int, int],
) -> None:
    """Classify one replaced, inserted or deleted run of tokens."""
    xs, ys = ta[span_a[0] : span_a[1]], tb[span_b[0] : span_b[1]]
    content_x = [t for t in xs if _content(t)]
    content_y = [t for t in ys if _content(t)]
    numbers_x = [t for t in xs if t.number]
    numbers_y = [t for t in ys if t.number]
    if len(numbers_x) == len(numbers_y) == 1 and not same_figure(numbers_x[0], numbers_y[0]):
        diff.figures.append((numbers_x[0], numbers_y[0]))
        diff.figure_at.append(ta.index(numbers_x[0]))
    negation = {t.key for t in xs} & NEGATORS, {t.key for t in ys} & NEGATORS
    if negation[0] != negation[1]:
        diff.opposites.append(("not" if negation[0] else "", "not" if negation[1] else ""))
    if not (content_x and content_y):
        # Words added or dropped: an elaboration ("are still available" / "are available", "in prior qtr"),
        # unless they narrow a figure next to them ("Qtly div 15 cts" / "Qtly div class B 13.5 cts").
        added = [t for t in content_x + content_y if t.key not in TIME_WORDS]
        if added:
            diff.reworded_at.extend(range(span_a[0] - 1, span_a[1] + 1))
        return
    if {t.key for t in content_x + content_y} & TIME_WORDS:
        diff.other_changes = True
    if len(content_x) != len(content_y):
        diff.reworded_at.extend(range(span_a[0], max(span_a[1], span_a[0] + 1)))
        return
    for x, y in zip(content_x, content_y, strict=True):
        kind = _substitution(x, y)
        if kind == "opposite":
            diff.opposites.append((x.text, y.text))
        elif kind == "name":
            diff.names.append((x.text, y.text))
        elif kind == "other":
            diff.reworded_at.append(ta.index(x))


def _content(token: Token) -> bool:
    return not token.number and token.key not in STOPWORDS and token.key not in SIGN_WORDS


def _substitution(x: Token, y: Token) -> str:
    """ "variant" (one word spelt two ways), "opposite" (includes/excludes, a name for another name), or
    "other" (a rewording: a synonym, another noun)."""
    if x.key == y.key or _variant(x.key, y.key):
        return "variant"
    if x.name and y.name:
        return "name"  # "to Banner Industries" / "to Oak Industries": another buyer, or another subject
    if _opposite_start(x.key, y.key):
        return "opposite"
    return "other"


def _variant(x: str, y: str) -> bool:
    if x.startswith(y) or y.startswith(x):
        return min(len(x), len(y)) >= 2 and abs(len(x) - len(y)) <= 1
    return SequenceMatcher(None, x, y).ratio() >= VARIANT_MIN_RATIO and not _opposite_start(x, y)


def _opposite_start(x: str, y: str) -> bool:
    """The same ending after starts of opposite sense: "includes"/"excludes", "imposed"/"proposed",
    "increase"/"decrease", "overstated"/"understated", "able"/"unable"."""
    n = 0
    while n < min(len(x), len(y)) and x[-1 - n] == y[-1 - n]:
        n += 1
    if n < MIN_SHARED_ENDING:
        return False
    starts = frozenset({x[: len(x) - n], y[: len(y) - n]})
    return starts in OPPOSITE_STARTS


def mentions_day(tokens: tuple[Token, ...]) -> bool:
    return any(t.key in DAY_WORDS for t in tokens)
