"""The same-thing gate: are two figures measurements of one quantity, of one subject, at one time?

Nothing is compared before this gate says yes. On a real 1987 newswire archive (500 articles) the old
rule, "same quantity key and same (possibly empty) subject", flagged 3,883 numeric discrepancies, none
of them right when read: the keys were labels such as "count", "number of dlrs" or "share", and two
figures with no subject at all counted as having the same subject.

A figure passes when
- its quantity names a measured thing (`quantity_tier` > 0), not a unit ("number of dlrs") or a bare
  label ("count", "share", "percentage change");
- both figures name their subject, and it is the same one;
- neither is the earlier value of a comparison ("12.3 mln *vs* 16.4 mln", "rose to 1.45 mln *from*
  1.35 mln", "against 5.81 at the same stage last year"): that value belongs to another period;
- the times said agree (both unspoken, or the same words), and
- the two sentences are not word-for-word copies (one story reprinted is not a disagreement).

Tier 2 quantities (a noun phrase the parse found, "pct stake", "change in price") also need the two
articles to be in one story; tier 1 quantities (a curated name from `config/quantities.json`, "death
toll", "share of territory occupied") may be compared across stories.
"""

from __future__ import annotations

import re

from bot.compare.keys import subject_key
from bot.compare.lexicon import UNIT_NOUNS
from bot.compare.sides import Side, days_apart, same_story
from bot.compare.text import normalize, words
from bot.extract.number_context import load_tables

# Quantity names that say what kind of number it is, not what was measured.
GENERIC_QUANTITIES = frozenset(
    {
        "count", "amount", "share", "percentage change", "index", "duration", "distance", "mass",
        "volume", "area", "length", "speed", "temperature", "date",
    }
)  # fmt: skip
# Words before a figure that make it the earlier (or other) value of a comparison.
_PREVIOUS_VALUE = re.compile(
    r"(?:\bvs\.?|\bversus|\bagainst|\bfrom|\bcompared\s+(?:with|to)|\bup\s+from|\bdown\s+from"
    r"|\bafter|\bprevious(?:ly)?|\bbefore)\s+(?:an?\s+|the\s+)?(?:revised\s+|upwardly\s+revised\s+"
    r"|downwardly\s+revised\s+)?(?:about\s+|around\s+|some\s+|nearly\s+)?$",
    re.IGNORECASE,
)
_LOOKBACK_CHARS = 40
# Times that mean "at the time of writing": the same as saying none.
PRESENT = frozenset({"now", "currently", "today", "present", "so far", "still", "as of now"})
# Times relative to the day of publication.
DAY_WORDS = frozenset({"today", "yesterday", "tomorrow", "tonight"})
# Words around a time that do not change it ("in January" is "January").
TIME_FILLERS = frozenset({"in", "on", "at", "during", "for", "of", "the", "a", "an", "by", "as"})
_TEMPLATE_WORDS = frozenset({"number", "of", "in", "change", "share", "size", "amount"})


def quantity_name(quantity_key: str | None) -> str:
    """The measured thing of a stored key ("share of territory occupied|%" -> "share of territory …")."""
    return (quantity_key or "").split("|")[0].strip().lower()


def _curated_names() -> frozenset[str]:
    """Quantity names the synonym tables give: curated, so specific enough to compare across stories."""
    tables = load_tables()
    names: set[str] = set()
    for table in ("counted_nouns", "people_verbs", "money_verbs"):
        names |= set(tables[table].values())
    return frozenset(names)


def quantity_tier(quantity_key: str | None) -> int:
    """0: a label or a unit, never compared; 1: a curated measured thing; 2: a parsed noun phrase."""
    name = quantity_name(quantity_key)
    if not name or name in GENERIC_QUANTITIES or name.startswith("date"):
        return 0
    if name.startswith(("time since", "time until", "duration")):
        return 0  # how long ago or how long something lasted: rarely one measurement reported twice
    if all(t in UNIT_NOUNS or t in _TEMPLATE_WORDS for t in name.split()):
        return 0  # "number of dlrs", "share of pct", "change in pct", "pct"
    if name in _curated_names() or name.startswith("share of ") and _curated_share(name):
        return 1
    return 2


def _curated_share(name: str) -> bool:
    """ "share of territory occupied": a share of a table noun (territory, budget, gdp, population…)."""
    tables = load_tables()
    rest = name.removeprefix("share of ").split()
    return bool(rest) and rest[0] in set(tables["share_nouns"].values())


def named_subject(side: Side) -> str:
    """The figure's subject as a comparable key, "" when it names none."""
    return subject_key(side.row.subject)


def previous_value(side: Side) -> bool:
    """The figure is the earlier or compared value in its sentence ("… vs *12.3 mln*")."""
    row = side.row
    offset = row.start_char - row.sentence_start
    sentence = row.sentence or ""
    if not 0 <= offset <= len(sentence):
        return False
    return bool(_PREVIOUS_VALUE.search(sentence[max(0, offset - _LOOKBACK_CHARS) : offset]))


def time_said(side: Side) -> str:
    """The figure's time in normalised words; "" for none or the present ("now", "currently")."""
    said = " ".join(w for w in words(side.row.time_ref or "") if w not in TIME_FILLERS)
    return "" if said in PRESENT else said


def same_time_said(a: Side, b: Side) -> bool:
    """Both figures say no time (or the present), or the same time in the same words. "Today" in two
    articles published on different days is two days."""
    if _said_today(a) or _said_today(b):
        apart = days_apart(a, b)
        if apart is not None and apart > 0:
            return False
    return time_said(a) == time_said(b)


def _said_today(side: Side) -> bool:
    return bool(set(words(side.row.time_ref or "")) & DAY_WORDS)


def copies(a: Side, b: Side) -> bool:
    """The two sentences are the same words (a reprint of one story, not a second report)."""
    return words(normalize(a.row.sentence or "")) == words(normalize(b.row.sentence or ""))


def same_event_sentences(a: Side, b: Side) -> bool:
    """The two figures' sentences say the same thing in other words (only with a sentence model)."""
    if a.meaning is None:
        return False
    return a.meaning.same_claim(a.row.sentence or a.row.text, b.row.sentence or b.row.text)


def same_thing(a: Side, b: Side) -> tuple[bool, str]:
    """(comparable, why not) for two figures: the gate every figure comparison passes first."""
    ra, rb = a.row, b.row
    if ra.unit != rb.unit or quantity_name(ra.quantity_key) != quantity_name(rb.quantity_key):
        return False, "different quantities"
    tier = quantity_tier(ra.quantity_key)
    if tier == 0:
        return False, "the quantity is a label, not a measured thing"
    subject = named_subject(a)
    if not subject or subject != named_subject(b):
        return False, "no common named subject"
    if previous_value(a) or previous_value(b):
        return False, "one figure is the earlier value of a comparison"
    if copies(a, b):
        return False, "the same sentence reprinted"
    if tier == 2 and not (same_story(a, b) or same_event_sentences(a, b)):
        return False, "a parsed quantity outside one story"
    return True, ""


FigureKey = tuple[int, str, str]  # article id, quantity name, subject


def figure_key(side: Side) -> FigureKey:
    return side.article.id, quantity_name(side.row.quantity_key), named_subject(side)


def figure_values(sides: list[Side]) -> dict[FigureKey, list[float]]:
    """The values each article gives for each quantity of each subject (earlier values left out)."""
    values: dict[FigureKey, list[float]] = {}
    for side in sides:
        if side.row.kind == "numeric" and side.row.value is not None and not previous_value(side):
            values.setdefault(figure_key(side), []).append(side.row.value)
    return values


def several_values(values: dict[FigureKey, list[float]], side: Side) -> bool:
    """The side's article gives this quantity more than one value (a breakdown, a table, a range of
    cases): then no single one of them is "the" figure another article can contradict."""
    found = sorted(values.get(figure_key(side), []))
    return bool(found) and found[-1] - found[0] > MULTI_VALUE_TOLERANCE * max(abs(found[-1]), abs(found[0]))


# Values of one quantity in one article closer than this (relative) are one figure written twice.
MULTI_VALUE_TOLERANCE = 0.01
