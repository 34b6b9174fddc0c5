"""Figures: amounts, counts, durations and dates, each with what it measures, of what and when.

Stages, in order:
1. calendar dates and years (`timeref.find_dates`) become claims with unit "date";
2. amount phrases (`number_parse.AMOUNT_RE`) not inside a date, a name or a list marker are read into
   value, unit and qualifier; a bare count takes the noun it counts as its unit ("13,000 people");
3. "between 10 and 20" / "10 to 20" pairs (not "from 5% to 7%", a change) are merged into one
   approximate claim (value: the midpoint);
4. each claim gets its quantity and subject from the parse (`number_context`), its time reference from
   its own clause (`timeref.time_reference`), and the places named in its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from bot.extract.doccache import doc_text, entities_by_sentence, sentence_index
from bot.extract.doccache import sentences as doc_sentences
from bot.extract.number_context import clause_subject, date_quantity, places_in, quantity_of, subject_of
from bot.extract.number_parse import AMOUNT_RE, Amount, parse_amount, read_amount, singular
from bot.extract.timeref import (
    MAX_YEAR,
    MIN_YEAR,
    NAME_ENTITY_TYPES,
    DateMention,
    find_dates,
    time_reference,
)
from bot.extract.units import APPROXIMATE, TIME_UNITS
from bot.models import NumericClaim, Span

__all__ = ["extract_numbers", "parse_amount"]

# Words before a bare count that make it a reference back ("the two nations"), not a new figure.
ANAPHORIC_DETERMINERS = frozenset(
    {"the", "these", "those", "both", "its", "their", "his", "her", "our", "all"}
)
# Number words that are usually pronouns or articles ("one of the regions"), not figures, without a unit.
WEAK_NUMBER_WORDS = frozenset({"one", "a", "an"})
# Words after which a bare number labels something rather than counts it ("page 5", "No. 10").
NUMBERING_WORDS = frozenset(
    {"no", "number", "article", "resolution", "page", "chapter", "section", "paragraph", "level", "route",
     "flight", "room", "volume", "vol", "phase", "stage", "grade", "class", "category", "model", "version",
     "season", "episode", "part", "item", "table", "figure", "gate", "platform", "amendment", "clause",
     "rule", "act", "channel", "highway", "block", "unit", "mark", "type", "size", "bill"}
)  # fmt: skip
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
CLOCK_AFTER = re.compile(
    r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|est\b|edt\b|bst\b|cet\b|o'clock\b|hrs\b)", re.IGNORECASE
)
DAY_BEFORE_DATE = re.compile(
    rf"\s*(?:or|and|to|-|–|—)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}(?!\w)", re.IGNORECASE
)
DATE_BEFORE_DAY = re.compile(
    rf"(?<!\w){_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:or|and|to|-|–|—)\s*$", re.IGNORECASE
)
RANGE_JOINERS = re.compile(r"\s*(?:and|to|-|–|—)\s*")
TIME_UNIT_VALUES = frozenset(TIME_UNITS.values())
AGE_SUFFIX = re.compile(r"[\s-]old\b")
# Words around "a month" / "a year" that make it a span of time rather than a rate ("twice a day").
TIME_SPAN_BEFORE = frozenset(
    {"for", "in", "within", "over", "after", "than", "about", "nearly", "almost", "only"}
)
TIME_SPAN_AFTER = frozenset({"after", "before", "later", "earlier", "ago", "since", "of", "into"})


@dataclass(slots=True)
class _Found:
    """A figure before its context is filled: character range, value, unit and the tokens it rests on."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None
    root: Token
    noun: Token | None
    quantity: str | None = None  # set when the phrase itself says what it measures ("10-year-old": age)


class _Sentences:
    """Sentences and their entities from the doc cache (`Span.sent`/`.ents` rescan the doc each call)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sents = doc_sentences(doc)
        self.ents = entities_by_sentence(doc)

    def of(self, span: SpacySpan) -> tuple[SpacySpan, list[SpacySpan]]:
        """The sentence holding `span`'s first token, and that sentence's entities."""
        i = sentence_index(self.doc, span.start)
        return self.sents[i], self.ents[i]


def extract_numbers(doc: Doc, published: date | None = None) -> list[NumericClaim]:
    """Every figure in `doc`, sorted by `start_char`.

    `published` is accepted for callers that know the article date; time references are kept as
    written ("now", "since 2014"), so it is not needed to read them.
    """
    del published  # relative times are reported as said; the comparison step resolves them
    if not len(doc):
        return []
    sentences = _Sentences(doc)
    dates = find_dates(doc)
    taken = [(d.start, d.end) for d in dates]
    claims = [_date_claim(doc, sentences, d) for d in dates]
    text = doc_text(doc)
    found = [f for f in (_read(doc, m, taken) for m in AMOUNT_RE.finditer(text)) if f is not None]
    claims.extend(_amount_claim(doc, text, sentences, f) for f in _merge_ranges(text, found))
    return sorted((c for c in claims if c is not None), key=lambda c: (c.start_char, c.end_char))


def _date_claim(doc: Doc, sentences: _Sentences, mention: DateMention) -> NumericClaim | None:
    start, end = mention.start, mention.end
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    sent, ents = sentences.of(span)
    return NumericClaim(
        text=mention.text,
        start_char=start,
        end_char=end,
        value=mention.value,
        unit="date",
        quantity=date_quantity(doc, span),
        subject=clause_subject(span.root),
        sentence=Span(sent.text, sent.start_char, sent.end_char),
        places=places_in(ents),
    )


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in ranges)


def _read(doc: Doc, match: re.Match[str], taken: list[tuple[int, int]]) -> _Found | None:
    """One amount match as a figure, or None when it is not one (inside a date or name, a list marker...)."""
    amount = read_amount(match)
    if amount is None or _overlaps(amount.start, amount.end, taken):
        return None
    span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
    if span is None or _is_name_part(span, amount) or _is_list_marker(match.string, amount):
        return None
    if _is_clock_time(match.string, amount) or _is_date_part(match.string, amount):
        return None
    if amount.unit is None and (_is_model_name(doc, span) or _is_age_in_passing(doc, span)):
        return None
    root = span.root
    unit, noun, end = amount.unit, None, amount.end
    if unit is None:
        noun = _counted_noun(root, amount)
        unit = singular(noun.text) if noun is not None and noun.lemma_.lower() != "people" else ""
        if noun is not None and noun.lemma_.lower() == "people":
            unit = "people"
        if not _is_count_figure(doc, span, amount, noun):
            return None
        if noun is not None and _adjacent(doc, span, noun):
            end = noun.idx + len(noun.text)
    elif unit in TIME_UNIT_VALUES:
        noun = _time_unit_token(span)
        if _is_rate(match.string, amount):
            return None
        age = AGE_SUFFIX.match(match.string, end)
        if age:
            return _Found(amount.start, age.end(), amount.value, unit, amount.qualifier, root, noun, "age")
    return _Found(amount.start, end, amount.value, unit, amount.qualifier, root, noun)


def _is_rate(text: str, amount: Amount) -> bool:
    """ "a year" in "5,000 tonnes a year", "twice a day": a per-unit rate, not a span of time.

    "a"/"an" + time unit is kept only where it measures time: "a month after ...", "for a week", "a year ago".
    """
    if amount.number_text.lower() not in ("a", "an") or amount.qualifier:
        return False
    before = text[max(0, amount.start - 12) : amount.start].lower().split()
    after = text[amount.end : amount.end + 12].lower().split()
    return not (
        (before and before[-1] in TIME_SPAN_BEFORE) or (after and after[0].strip(",.") in TIME_SPAN_AFTER)
    )


def _is_name_part(span: SpacySpan, amount: Amount) -> bool:
    """ "Formula 1", "Article 5", "Euro 2024", "No. 10": a number inside a name entity, right after a proper
    noun, or (with no unit of its own) right after a capitalised word or a numbering word."""
    if any(t.ent_type_ in NAME_ENTITY_TYPES for t in span if t.like_num):
        return True  # the number itself inside a name ("Formula 1"), not a unit word the tagger misread
    if not amount.number_text.isdigit() or len(amount.number_text) > 4 or amount.end - amount.start > len(
        amount.number_text
    ):
        return False  # "1,541,000", "36.7 mln": a label before it ("Net", "Sales") names what it counts
    first = span[0]
    if first.i == 0:
        return False
    doc = span.doc
    before = doc[first.i - 1]
    if before.text == "." and first.i > 1:  # "No. 10" tokenised as "No", ".", "10"
        before = doc[first.i - 2]
    if amount.unit is None and before.lower_.rstrip(".") in NUMBERING_WORDS:
        return True
    if first.is_sent_start or before.ent_type_ in ("DATE", "GPE", "LOC", "NORP") or not before.is_title:
        return False
    return before.pos_ == "PROPN" or (amount.unit is None and before.pos_ == "NOUN")


def _is_list_marker(text: str, amount: Amount) -> bool:
    """ "1." or "2)" at the start of a line, or "#1"."""
    if text[amount.start - 1 : amount.start] == "#":
        return True
    line_start = text.rfind("\n", 0, amount.start) + 1
    return not text[line_start : amount.start].strip() and text[amount.end : amount.end + 1] in (".", ")")


def _is_clock_time(text: str, amount: Amount) -> bool:
    """ "3 pm", "9.30 a.m.", "12:00 GMT": a time of day, not a figure."""
    return bool(CLOCK_AFTER.match(text, amount.end)) or ":" in amount.number_text


def _is_date_part(text: str, amount: Amount) -> bool:
    """The "16" of "16 or 17 March" and the "17" of "March 16 or 17": half of a date said twice."""
    if not (amount.value.is_integer() and 1 <= amount.value <= 31) or amount.unit is not None:
        return False
    return bool(DAY_BEFORE_DATE.match(text, amount.end) or DATE_BEFORE_DAY.search(text, 0, amount.start))


def _is_model_name(doc: Doc, span: SpacySpan) -> bool:
    """ "1 Series", "7 Eleven": a bare number before a capitalised proper noun names a thing."""
    if span.end >= len(doc):
        return False
    after = doc[span.end]
    return (
        after.is_title
        and not after.is_sent_start
        and after.pos_ in ("PROPN", "NOUN")
        and after.ent_type_ not in ("NORP", "GPE", "LOC")
    )


def _is_age_in_passing(doc: Doc, span: SpacySpan) -> bool:
    """ "Smith, 45, was arrested": an age set off by commas (or brackets) after a name."""
    first, last = span[0].i, span[-1].i
    if first < 2 or last + 1 >= len(doc) or len(span) != 1 or not span[0].like_num:
        return False
    value = span[0].text
    return (
        value.isdigit()
        and int(value) < 120
        and doc[first - 1].text in (",", "(")
        and doc[first - 2].pos_ == "PROPN"
        and doc[last + 1].text in (",", ")")
    )


def _counted_noun(root: Token, amount: Amount) -> Token | None:
    """The noun a bare number counts: "13,000 [people]", "hundreds of thousands of [troops]"."""
    if root.dep_ in ("nummod", "quantmod", "compound") and root.head.pos_ == "NOUN" and root.head.i > root.i:
        return root.head
    if amount.qualifier == APPROXIMATE or root.pos_ == "NOUN":
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
                if obj is not None:
                    return obj
    return None


def _is_count_figure(doc: Doc, span: SpacySpan, amount: Amount, noun: Token | None) -> bool:
    """False for bare numbers that are not figures: "one of", "the two nations", a bare year."""
    number = amount.number_text.lower()
    if number in WEAK_NUMBER_WORDS and amount.value == 1:
        return False
    if noun is None and amount.value.is_integer() and MIN_YEAR <= amount.value <= MAX_YEAR:
        return "," in amount.number_text
    first = span[0]
    anaphoric = first.i > 0 and doc[first.i - 1].lower_ in ANAPHORIC_DETERMINERS
    return not (anaphoric and amount.qualifier is None)


def _adjacent(doc: Doc, span: SpacySpan, noun: Token) -> bool:
    if noun.i == span.end:
        return True
    return noun.i == span.end + 1 and doc[span.end].lower_ == "of"


def _time_unit_token(span: SpacySpan) -> Token:
    for token in reversed(span):
        if token.lower_ in TIME_UNITS:
            return token
    return span.root


def _merge_ranges(text: str, found: list[_Found]) -> list[_Found]:
    """ "between 10 and 20 people" -> one approximate figure (the midpoint) with the second one's unit."""
    merged: list[_Found] = []
    for item in found:
        prev = merged[-1] if merged else None
        if prev is not None and _is_range(text, prev, item):
            opener = re.search(r"\bbetween\s+$", text[: prev.start], re.IGNORECASE)
            start = opener.start() if opener else prev.start
            noun = item.noun or prev.noun
            end = item.end
            if noun is not None and item.noun is None and not text[end : noun.idx].strip():
                end = noun.idx + len(noun.text)  # "between 10 and 20 [soldiers]"
            merged[-1] = replace(
                item if item.noun is not None or prev.noun is None else prev,
                start=start,
                end=end,
                value=(prev.value + item.value) / 2,
                unit=item.unit or prev.unit,
                qualifier=APPROXIMATE,
            )
        else:
            merged.append(item)
    return merged


def _is_range(text: str, first: _Found, second: _Found) -> bool:
    joiner = text[first.end : second.start]
    units_clash = first.unit and second.unit and first.unit != second.unit
    if not RANGE_JOINERS.fullmatch(joiner) or first.qualifier or units_clash:
        return False
    before = text[max(0, first.start - 12) : first.start]
    if re.search(r"\bfrom\s+$", before, re.IGNORECASE):  # "rose from 5% to 7%" is a change, not a range
        return False
    return re.search(r"\bbetween\s+$", before, re.IGNORECASE) is not None or joiner.strip() != "and"


def _amount_claim(doc: Doc, text: str, sentences: _Sentences, found: _Found) -> NumericClaim:
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    assert span is not None  # found ranges come from token-aligned matches
    sent, ents = sentences.of(span)
    return NumericClaim(
        text=text[found.start : found.end],
        start_char=found.start,
        end_char=found.end,
        value=found.value,
        unit=found.unit,
        quantity=found.quantity or quantity_of(found.root, found.unit, found.noun),
        subject=subject_of(found.root, found.unit, found.noun),
        time=time_reference(doc, span, sent, ents),
        qualifier=found.qualifier,
        sentence=Span(sent.text, sent.start_char, sent.end_char),
        places=places_in(ents),
    )
