"""Calendar dates and years in the text, and the time a figure refers to.

A date claim's `value` is a year when one is written ("2014" -> 2014.0; "24 February 2022" ->
2022.055, i.e. year + day-of-year / 1000) and the day of the year when no year is written
("January 20" -> 20.0, "24 February" -> 55.0), counted on a leap-year calendar so 29 February fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from bot.extract.doccache import doc_text
from bot.extract.units import MONTHS

# Years outside this range are read as plain numbers, not dates.
MIN_YEAR, MAX_YEAR = 1800, 2099
# Day of the month assumed for "early/mid/late February" and a bare month.
PART_OF_MONTH_DAY = {"early": 5, "mid": 15, "late": 25, None: 1}
# Entity types whose numbers belong to a name ("Euro 2024", "Vision 2030", "Formula 1").
NAME_ENTITY_TYPES = frozenset({"ORG", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "PERSON", "FAC"})
# One-word time references that can date a figure ("Russia now occupies ...").
TEMPORAL_WORDS = frozenset(
    {"now", "currently", "today", "yesterday", "tomorrow", "tonight", "presently", "nowadays"}
)
TEMPORAL_PREPS = frozenset(
    {"in", "on", "since", "by", "until", "till", "from", "at", "as", "during", "before"}
)

AGE_RE = re.compile(r"[\s-]old\b")

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PART = r"(?:(?P<part>early|mid|late)[\s-]+)?"
DATE_RE = re.compile(
    rf"\b{_PART}(?:"
    rf"(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?:,?\s+(?P<y2>{_YEAR}))?"
    rf"|(?P<m3>{_MONTH})(?:,?\s+(?P<y3>{_YEAR}))?"
    rf"|(?:the\s+)?(?P<y4>{_YEAR})(?P<decade>s)?"
    rf")(?![\w%]|[.,]\d|\s*(?:%|per\s?cent))"
)


@dataclass(slots=True, frozen=True)
class DateMention:
    start: int
    end: int
    value: float
    has_year: bool
    text: str


def _month_number(text: str) -> int:
    return MONTHS[text.rstrip(".").lower()]


def _day_of_year(month: int, day: int) -> int:
    return date(2000, month, day).timetuple().tm_yday


def read_date(match: re.Match[str]) -> DateMention | None:
    """Value of one `DATE_RE` match (see module docstring), or None for an impossible date."""
    month_text = match["m1"] or match["m2"] or match["m3"]
    day_text = match["d1"] or match["d2"]
    year_text = match["y1"] or match["y2"] or match["y3"] or match["y4"]
    year = int(year_text) if year_text else None
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month_text is None:
        return DateMention(match.start(), match.end(), float(year or 0), True, match[0])
    day = int(re.sub(r"\D", "", day_text)) if day_text else PART_OF_MONTH_DAY[match["part"]]
    try:
        doy = _day_of_year(_month_number(month_text), day)
    except ValueError:
        return None
    value = year + doy / 1000 if year else float(doy)
    return DateMention(match.start(), match.end(), value, year is not None, match[0])


def _in_name(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ in NAME_ENTITY_TYPES for t in span)


def _bare_month_is_date(doc: Doc, match: re.Match[str]) -> bool:
    """A month name alone ("in October", "mid-February") counts only where the NER also sees a date."""
    span = doc.char_span(match.start("m3"), match.end("m3"), alignment_mode="expand")
    return span is not None and all(t.ent_type_ == "DATE" for t in span)


def find_dates(doc: Doc) -> list[DateMention]:
    """Calendar dates, months and years written in the text (not inside names), in text order."""
    found: list[DateMention] = []
    for match in DATE_RE.finditer(doc_text(doc)):
        if match["m3"] and not match["y3"] and not _bare_month_is_date(doc, match):
            continue
        if match["y4"] and _looks_like_amount(doc, match.string, match.start("y4"), match.end("y4")):
            continue
        mention = read_date(match)
        if mention is None or _in_name(doc, mention.start, mention.end):
            continue
        found.append(mention)
    return found


def _looks_like_amount(doc: Doc, text: str, start: int, end: int) -> bool:
    """A four-digit number after a currency sign or counting a noun is not a year ("$2000", "2000 troops")."""
    if re.search(r"[$€£¥₴₽]\s?$", text[max(0, start - 3) : start]):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span[-1]
    return root.dep_ == "nummod" and root.head.i > root.i and root.head.pos_ == "NOUN"


def governing_verb(token: Token) -> Token:
    """The nearest verb at or above `token` (the clause the token belongs to), or the sentence root."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def _with_preposition(doc: Doc, span: SpacySpan) -> SpacySpan:
    """A time expression with its preposition ("since 2014", "on Tuesday")."""
    start = span.start
    if start > 0 and doc[start - 1].lower_ in TEMPORAL_PREPS and doc[start - 1].dep_ in ("prep", "mark"):
        start -= 1
    return doc[start : span.end]


def time_reference(doc: Doc, claim: SpacySpan, sent: SpacySpan, sentence_ents: list[SpacySpan]) -> str | None:
    """The time a figure refers to where its own clause says it ("now", "since 2014", "on Tuesday").

    `sent` is the claim's sentence and `sentence_ents` its entities (looked up once per doc by the caller:
    `Span.sent` and `Span.ents` scan the whole doc on every call).
    Candidates are DATE/TIME entities and words like "now" whose clause verb is the claim's clause
    verb; the nearest one wins. None when the clause gives no time (the caller assumes the article date).
    """
    verb = governing_verb(claim.root)
    candidates: list[tuple[int, str]] = []
    for ent in sentence_ents:
        if ent.label_ not in ("DATE", "TIME") or (ent.start < claim.end and claim.start < ent.end):
            continue
        if AGE_RE.search(ent.text):  # "a 10-year-old boy" is an age, not a time
            continue
        if governing_verb(ent.root) == verb:
            distance = min(abs(ent.start - claim.end), abs(claim.start - ent.end))
            candidates.append((distance, _with_preposition(doc, ent).text))
    for token in sent:
        if token.lower_ in TEMPORAL_WORDS and token.dep_ in ("advmod", "npadvmod") and token.head == verb:
            candidates.append((min(abs(token.i - claim.end), abs(claim.start - token.i)), token.text))
    return min(candidates)[1] if candidates else None


# A results table's section header: "Nine mths", "Year", "4th qtr", "Six months to Dec 31", with a
# dateline before it or not. The rows under it are that period's figures.
_PERIOD_HEADER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}(?:mths|months|wks|weeks|qtrs?|quarters?|year|yr|half|period)\b[^\n]{0,24}$",
    re.IGNORECASE,
)
_PERIOD_IN_TITLE = re.compile(r"\b(?:\w+\s+)?(?:qtr|quarter|mths|months|wks|weeks|year|yr|half)\b", re.I)
WIRE_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][\w .'&-]{1,40}),(?:\s+[A-Z][\w.]{1,15},)?"
    r"\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*[-–—]+\s*"
)
_PERIOD_NAMES = {
    "mths": "months", "mth": "month", "qtr": "quarter", "qtrs": "quarters", "wks": "weeks", "yr": "year",
    "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth",
}  # fmt: skip
_PERIOD_WORDS = frozenset(
    {
     "first", "second", "third", "fourth", "one", "two", "three", "four", "six", "nine", "twelve", "12",
     "13", "16", "24", "26", "28", "36", "39", "40", "52", "3", "6", "9", "quarter", "quarters", "month",
     "months", "week", "weeks", "year", "half",
    }
)  # fmt: skip
_PERIOD_UNITS = frozenset({"quarter", "quarters", "month", "months", "week", "weeks", "year", "half"})
HEADER_LOOKBACK_LINES = 40


def section_period(text: str, start: int, title: str | None = None) -> str:
    """The period of a results-table row starting at `start`: the nearest section header above it ("nine
    months", "year"), else the period its headline names ("… 4TH QTR NET": "fourth quarter"), else
    "current" when sections of other periods follow ("Net … / 12 mths / Net …"), else ""."""
    for line in reversed(text[:start].splitlines()[-HEADER_LOOKBACK_LINES:]):
        if _is_period_header(line):
            return period_words(WIRE_DATELINE.sub("", line))
    found = _PERIOD_IN_TITLE.search(title or "")
    if found:
        return period_words(found.group(0))
    later = text[start:].splitlines()[:HEADER_LOOKBACK_LINES]
    return "current" if any(_is_period_header(line) for line in later) else ""


def _is_period_header(line: str) -> bool:
    line = WIRE_DATELINE.sub("", line)
    return bool(line.strip()) and bool(_PERIOD_HEADER.match(line)) and " vs " not in f" {line.lower()} "


def period_words(text: str) -> str:
    """ "4th qtr" -> "fourth quarter", "Nine mths" -> "nine months"."""
    words = [_PERIOD_NAMES.get(w.lower(), w.lower()) for w in re.findall(r"[A-Za-z0-9]+", text)]
    kept = []
    for i, word in enumerate(words):
        if word in _PERIOD_UNITS:
            if i and words[i - 1] in _PERIOD_WORDS and words[i - 1] not in _PERIOD_UNITS:
                kept.append(words[i - 1])
            kept.append(word.removesuffix("s"))
    return " ".join(kept)
