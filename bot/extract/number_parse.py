"""Reading one amount phrase: "about 5%", "$61.4 billion", "more than eight hours", "a fifth".

`AMOUNT_RE` finds amount phrases in running text; `read_amount` turns one match into value, unit and
qualifier. Counted nouns ("13,000 people") are not part of the pattern: the doc-level extractor takes
them from the parse, `parse_amount` from the word that follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.extract.units import (
    APPROXIMATE,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    FRACTIONS,
    MEASURE_UNITS,
    PERCENT_WORDS,
    QUALIFIERS,
    SCALES,
    SHORT_SCALES,
    TENS_WORDS,
    TIME_UNITS,
    UNITS_WORDS,
    VAGUE_AMOUNTS,
)

# Values beyond this are treated as unreadable (keeps float maths and storage sane).
MAX_VALUE = 1e18


def _alt(words: object) -> str:
    """Regex alternation, longest first so "fourteen" wins over "four"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_UNIT_W = _alt(UNITS_WORDS)
_TENS_W = _alt(TENS_WORDS)
_SMALL = rf"(?:(?:{_TENS_W})(?:[\s-](?:{_UNIT_W}))?|{_UNIT_W})"
_WORDNUM = rf"\b{_SMALL}(?:\s+hundred)?(?:(?:\s+and)?\s+{_SMALL})?(?:\s+(?:thousand|million|billion))?\b"
_DIGITS = (
    r"(?<![\w.,/:−-])(?:[-−](?=\d))?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    r"(?!\d)(?![\d,:./]\d)(?!(?:st|nd|rd|th)\b)"  # not "1,2,3", "10:30", "9/11" or an ordinal ("21st")
)
_VAGUE = rf"\b(?:{_alt(VAGUE_AMOUNTS)})(?:\s+of\s+(?:thousands|millions|billions))?(?=\s+of\b)"
_FRACTION = rf"\b(?:(?:a|an|one|{_UNIT_W})[\s-]+)?(?:{_alt(FRACTIONS)})\b(?=\s+(?:of|the)\b|\s*$)"
_TIME_W = _alt(TIME_UNITS)
_SCALE_W = _alt([*SCALES, "dozen"])
_ARTICLE = rf"\b(?:a|an)(?=\s+(?:dozen|hundred|thousand|million|billion|{_TIME_W})\b)"
_CUR_PRE = _alt(CURRENCY_SYMBOLS)
_POST = rf"{_alt(PERCENT_WORDS)}|(?:{_alt(CURRENCY_WORDS)}|{_TIME_W}|{_alt(MEASURE_UNITS)})\b"
_RATIO = (  # "one in five": not "10 in 2014", "3 in 5 days"
    rf"\b(?:\d+|{_SMALL})\s+in\s+(?:every\s+)?(?!(?:1[89]|20)\d\d\b)(?:\d+|{_SMALL})\b"
    rf"(?![\s-]*(?:%|per\b|(?:{_TIME_W}|{_alt([*SCALES, 'dozen'])}|{_alt(MEASURE_UNITS)})\b))"
)
_QUAL = _alt(QUALIFIERS)

AMOUNT_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?P<cur>{_CUR_PRE})\s?)?"
    rf"(?P<num>{_RATIO}|{_DIGITS}|{_VAGUE}|{_FRACTION}|{_WORDNUM}|{_ARTICLE})"
    rf"(?:(?P<scalesep>[\s-]?)(?P<scale>{_SCALE_W})(?![\w]))?"
    rf"(?:(?P<sep>\s*-\s*|\s*)(?:of\s+)?(?P<post>{_POST}))?",
    re.IGNORECASE,
)


@dataclass(slots=True, frozen=True)
class Amount:
    """One read amount. `unit` is None when the phrase has no unit of its own (a bare count)."""

    value: float
    unit: str | None
    qualifier: str | None
    start: int
    end: int
    number_text: str


def words_to_number(text: str) -> float | None:
    """ "twenty-five" -> 25, "one hundred and twenty" -> 120, "three thousand" -> 3000."""
    total = current = 0.0
    seen = False
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("and", ""):
            continue
        if word in UNITS_WORDS:
            current += UNITS_WORDS[word]
        elif word in TENS_WORDS:
            current += TENS_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "million", "billion"):
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _digits_value(text: str) -> float | None:
    cleaned = text.replace(",", "").replace("−", "-")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if abs(value) <= MAX_VALUE else None


def _number_value(num: str) -> tuple[float, bool, str | None] | None:
    """Value of the number part, whether it is vague, and a unit the number itself implies (fractions)."""
    low = num.lower()
    first = low.split()[0] if low.split() else low
    if first in VAGUE_AMOUNTS:
        value = 1.0
        for word in low.split():
            value *= VAGUE_AMOUNTS.get(word, 1.0)
        return value, True, None
    ratio = re.fullmatch(r"(.+?)\s+in\s+(?:every\s+)?(.+)", low)
    if ratio:  # "one in five" -> 20%
        part, whole = (_number_value(ratio[1]) or (0.0,))[0], (_number_value(ratio[2]) or (0.0,))[0]
        return (100 * part / whole, False, "%") if whole else None
    last = re.split(r"[\s-]+", low)[-1]
    if last in FRACTIONS:
        head = re.split(r"[\s-]+", low)[:-1]
        count = 1.0 if not head or head[0] in ("a", "an") else (words_to_number(" ".join(head)) or 1.0)
        return count * FRACTIONS[last], False, "%"
    if low in ("a", "an"):
        return 1.0, False, None
    if low[0].isdigit() or low[0] in "-−" or (low[0].isnumeric()):
        value = _digits_value(num)
        return None if value is None else (value, False, None)
    value = words_to_number(low)
    return None if value is None else (value, False, None)


def _post_unit(post: str) -> str:
    low = re.sub(r"\s+", " ", post.lower())
    if low in PERCENT_WORDS:
        return "pp" if low.startswith("percentage point") else "%"
    if low in CURRENCY_WORDS:
        return CURRENCY_WORDS[low]
    if low in MEASURE_UNITS:
        return MEASURE_UNITS[low][0]
    return TIME_UNITS.get(low, low)


def read_amount(match: re.Match[str]) -> Amount | None:
    """Value, unit and qualifier of one `AMOUNT_RE` match; None when it is not a usable amount."""
    parsed = _number_value(match["num"])
    if parsed is None:
        return None
    value, vague, unit = parsed
    scale = match["scale"]
    if scale:
        low_scale = scale.lower()
        glued = not match["scalesep"]
        if low_scale in SHORT_SCALES and not (glued or match["cur"]):
            return _without_scale(match, value, vague, unit)
        value *= 12 if low_scale == "dozen" else SCALES[low_scale]
    if match["cur"]:
        unit = CURRENCY_SYMBOLS[match["cur"].lower()]
    if match["post"]:
        post_unit = _post_unit(match["post"])
        if unit is None or post_unit in CURRENCY_WORDS.values():
            unit = post_unit
    if abs(value) > MAX_VALUE:
        return None
    qualifier = QUALIFIERS[match["qual"].lower()] if match["qual"] else None
    if vague and qualifier is None:
        qualifier = APPROXIMATE
    return Amount(value, unit, qualifier, match.start(), match.end(), match["num"])


def _without_scale(match: re.Match[str], value: float, vague: bool, unit: str | None) -> Amount:
    """The amount when a trailing "m"/"k" turned out not to be a scale ("5 m" is five metres)."""
    qualifier = QUALIFIERS[match["qual"].lower()] if match["qual"] else (APPROXIMATE if vague else None)
    end = match.start("scale") - len(match["scalesep"] or "")
    return Amount(value, unit, qualifier, match.start(), end, match["num"])


IRREGULAR_PLURALS: dict[str, str] = {
    "people": "people", "persons": "people", "personnel": "personnel", "staff": "staff",
    "police": "police", "men": "man", "women": "woman", "children": "child", "feet": "foot",
}  # fmt: skip


def singular(word: str) -> str:
    """Crude singular of a counted noun; "people" stays "people"."""
    low = word.lower()
    if low in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[low]
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes")):
        return low[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        return low[:-1]
    return low


_COUNTED_RE = re.compile(r"\s+(?:of\s+)?(?:[a-z-]+\s+)?(?P<noun>[a-z]+)", re.IGNORECASE)


def parse_amount(text: str) -> tuple[float, str] | None:
    """Value and unit of an amount phrase: "a fifth" -> (20.0, "%"), "$61.4 billion" -> (61.4e9, "USD").

    A bare number gets unit "" ; a following counted noun becomes the unit ("13,000 people" -> "people").
    """
    text = text.strip()
    match = AMOUNT_RE.search(text)
    if match is None or match.start() != 0:
        return None
    amount = read_amount(match)
    if amount is None:
        return None
    if amount.unit is not None:
        return amount.value, amount.unit
    rest = _COUNTED_RE.match(text, amount.end)
    if rest and rest.end() == len(text.rstrip(".")):
        return amount.value, singular(rest["noun"])
    if match["num"].lower() in ("a", "an") and not match["scale"]:
        return None
    return amount.value, ""
