"""Factual sentences compared clause by clause: asserted vs denied (polarity conflict) or the same claim
reported independently (corroboration).

Fuzzy string scores ignore negation ("will attack" and "will not attack" score alike), so polarity is
read explicitly: a negator or denial verb governs the next few content words (its scope), and a conflict
needs the other clause to assert a concept of that scope while sharing the topic.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.compare.explain import gist, label, quoted
from bot.compare.lexicon import TRANSPARENT
from bot.compare.sides import Side, days_apart, disjoint_places, related_meaning, same_outlet, same_story
from bot.compare.text import Reading, entity_concept, read, words, years
from bot.models import Finding

# Shared content concepts a polarity conflict needs: the denied predicate plus at least one participant
# (three across articles, where nothing else ties the two sentences to one event), and the share of the
# smaller clause's concepts they make up.
POLARITY_MIN_SHARED = 2
POLARITY_MIN_SHARED_ACROSS = 3
POLARITY_MIN_OVERLAP = 0.5
# Across articles nothing but the words ties two sentences to one event: a larger share is needed. On the
# seeds, "no reason Moscow will invade anytime soon" vs a March forecast of a new offensive shares 0.5.
POLARITY_MIN_OVERLAP_ACROSS = 0.6
# Across articles, reports further apart than this are about different moments (a forecast that later
# turned out wrong is not a contradiction).
POLARITY_MAX_DAYS = 30
# Two articles with no dates that were not clustered into one story may be months apart (on the seeds, a
# January "no reason Moscow will invade anytime soon" and a March "before launching another offensive"):
# then every word of the denied proposition (what the negator reaches, less "reason"/"sign") must be
# asserted by the other clause, and at least a predicate and two participants.
UNDATED_MIN_PROPOSITION = 3
# Corroboration: cosine of the two clauses' concept sets, and how many concepts they share at least.
# Calibrated on the seeds: same-event pairs score 0.41-0.58 with 4-9 shared concepts; unrelated pairs
# about the same war share "Russia"/"Ukraine" plus a word or two (<= 0.35).
CORROBORATION_MIN_COSINE = 0.4
CORROBORATION_MIN_SHARED = 4
# Undated articles of different stories: same-event pairs on the seeds score 0.57-0.60 (the start of the
# invasion, the annexation of Crimea); look-alikes from other months 0.41-0.47 (the next round of talks in
# "two weeks", Biden and "continue", a joint statement against another article's headline).
UNDATED_CORROBORATION_MIN_COSINE = 0.5
# Calibrated on real news (benchmarks/data/findings, Reuters-21578): 3 of 8 cross-article polarity
# conflicts were right at 0.6, and of ~30 within-article ones read on the 1987 archive only one or two
# were. Stored and queryable, below the default shown threshold (NEWSBOT_CONFLICT_MIN_CONFIDENCE 0.6).
POLARITY_CONFIDENCE = 0.45
CONTRAST_CONFIDENCE = 0.35  # "However, …" after a claim: a contrast, rarely the same proposition denied
DENIAL_CONFIDENCE = 0.45
# A denial that points back ("dispute having received any such messages") is tied to an earlier sentence
# of the same article at most this many sentences before it.
DENIAL_LOOKBACK = 4
_ANAPHORS = ("such", "these", "those", "the claim", "the report", "the reports", "the claims", "this")


@dataclass(frozen=True, slots=True)
class Clause:
    side: Side
    span: tuple[int, int]  # offsets into side.row.text
    reading: Reading

    @property
    def text(self) -> str:
        return self.side.row.text[self.span[0] : self.span[1]]


def clauses_of(side: Side, whole: bool = True) -> list[Clause]:
    """The clauses of a fact claim, plus (with `whole`) the whole sentence when it splits.

    Polarity is read on the clauses only: a whole sentence often holds both sides of a disagreement.
    Read once per side (see `Side.clause_spans`).
    """
    key = "whole" if whole else "leaves"
    cached = side.memo.get(key)
    if cached is None:
        text = side.row.text
        cached = [Clause(side, span, read(text[span[0] : span[1]])) for span in side.clause_spans(whole)]
        side.memo[key] = cached
    return cached


def polarity_conflict(
    x: Clause,
    y: Clause,
    min_shared: int = POLARITY_MIN_SHARED,
    min_overlap: float = POLARITY_MIN_OVERLAP,
    whole_proposition: bool = False,
) -> bool:
    """One clause denies a predicate the other asserts, about the same participants.

    The denied words' participants (names, entities, numbers within the negator's reach) must all occur in
    the asserting clause: "will not attack Kyiv" does not deny "will attack Kharkiv".
    """
    rx, ry = x.reading, y.reading
    if rx.negated == ry.negated or rx.conditional or ry.conditional:
        return False
    neg, pos = (rx, ry) if rx.negated else (ry, rx)
    if not neg.neg_scope & pos.asserted or hedged(y if rx.negated else x):
        return False
    participants = {c for c in neg.neg_window if c.startswith("@") or c in neg.names or c[0].isdigit()}
    if not participants <= pos.concept_set:
        return False
    neg_clause, pos_clause = (x, y) if rx.negated else (y, x)
    if not _same_participants(neg, pos) or _not_saying(neg_clause.text):
        return False
    if _other_place_or_body(neg_clause, pos_clause):
        return False
    if whole_proposition:
        denied = neg.neg_window - TRANSPARENT
        if len(denied) < UNDATED_MIN_PROPOSITION or not denied <= pos.concept_set:
            return False
    shared, share = overlap(rx, ry)
    return shared >= min_shared and share >= min_overlap


NOT_SAYING = re.compile(
    r"\b(?:not|n't|never|no)\s+(?:yet\s+)?(?:say|said|disclose|comment|specify|elaborate|give|reveal|confirm"
    r"|identify|name|indicate|discuss)\w*",
    re.IGNORECASE,
)


def named(reading: Reading) -> frozenset[str]:
    """The clause's named participants: entities and capitalised names."""
    return frozenset(c for c in reading.concepts if c.startswith("@")) | reading.names


def _same_participants(neg: Reading, pos: Reading) -> bool:
    """The denial shares a named participant with the assertion and brings in no other country or
    place: "Argentina did not suspend payments, as Brazil did" does not deny "Brazil suspended
    payments"; "the banks had no borrowings" names nobody, so nothing ties it to "net borrowings averaged
    451 mln dlrs". Other capitalised names may differ: they are usually the sources speaking."""
    denied, asserted = named(neg), named(pos)
    places = {c for c in denied - asserted if c.startswith("@")}
    return bool(denied & asserted) and not places


def _other_place_or_body(neg: Clause, pos: Clause) -> bool:
    """The denial is about a country, place or organisation the assertion does not name ("Argentina did
    not suspend payments" vs "Brazil suspended payments"). People may differ: they are the sources."""
    asserted = _entities_in(pos, ("person", "place", "org")) | named(pos.reading)
    return bool(_entities_in(neg, ("place", "org")) - asserted)


def _entities_in(c: Clause, kinds: tuple[str, ...]) -> set[str]:
    """Concepts ("@russia" for "Moscow") of the side's entities of these kinds named in the clause."""
    text = " " + " ".join(words(c.text)) + " "
    labelled = (c.side.row.data or {}).get("entity_labels", {})
    found = set()
    for name, kind in labelled.items():
        folded = " ".join(words(name))
        if kind in kinds and folded and f" {folded} " in text:
            found.add(entity_concept(name))
    return found


def _not_saying(text: str) -> bool:
    """ "did not say / disclose / comment": declining to say something denies nothing."""
    return NOT_SAYING.search(text) is not None


def overlap(x: Reading, y: Reading) -> tuple[int, float]:
    """(shared concepts, shared / size of the smaller clause)."""
    shared = len(x.concept_set & y.concept_set)
    smaller = min(len(x.concept_set), len(y.concept_set)) or 1
    return shared, shared / smaller


def cosine(x: Reading, y: Reading) -> float:
    """Shared concepts over the geometric mean of the two sizes: a short clause inside a long sentence
    scores low, unlike `overlap`."""
    a, b = x.concept_set, y.concept_set
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def compare_statements(a: Side, b: Side) -> Finding | None:
    """Cross-article check of two fact sentences: a polarity conflict, a corroboration, or None."""
    if disjoint_places(a, b) or len(whole_reading(a) & whole_reading(b)) < POLARITY_MIN_SHARED_ACROSS:
        return None  # other events, or too little in common for either finding (a cheap first test)
    apart = days_apart(a, b)
    timely = apart is not None or same_story(a, b)
    leaves = [(x, y) for x in clauses_of(a, whole=False) for y in clauses_of(b, whole=False)]
    conflicts = [
        (x, y)
        for x, y in leaves
        if polarity_conflict(x, y, POLARITY_MIN_SHARED_ACROSS, POLARITY_MIN_OVERLAP_ACROSS, not timely)
    ]
    for x, y in conflicts:
        if x.reading.future != y.reading.future or (apart is not None and apart > POLARITY_MAX_DAYS):
            continue  # a forecast against an outcome, or two different moments
        if _anaphoric(x) or _anaphoric(y) or _figures_clash(x, y):
            continue  # "such messages" points into its own article; other figures, other facts
        return _polarity_finding(x, y, denial_confidence(x, y), "across articles")
    if same_outlet(a, b) or conflicts:
        return None
    min_cosine = CORROBORATION_MIN_COSINE if timely else UNDATED_CORROBORATION_MIN_COSINE
    pairs = [(x, y) for x in clauses_of(a) for y in clauses_of(b)]
    scored = [(cosine(x.reading, y.reading), x, y) for x, y in pairs if _corroborates(x, y, min_cosine)]
    if not scored:
        return None
    score, x, y = max(scored, key=lambda t: (t[0], -len(t[1].text)))
    if not related_meaning(a, b, x.text, y.text):
        return None  # the same words about different things ("X Corp raised its stake" / "Y lowered")
    shared = _shared_words(x, y)
    return Finding(
        "corroboration",
        a.ref(x.span),
        b.ref(y.span),
        f"Also reported by {label(b.article)}: both say {quoted(gist(x.text, set(shared)))}.",
        round(min(0.9, 0.3 + score), 2),
        {"shared": shared, "cosine": round(score, 3)},
    )


_DENIED_REPORT = re.compile(
    r"\bden(?:y|ies|ied|ying)\s+(?:(?:the\s+|any\s+)?(?:reports?|rumou?rs?|claims?|suggestions?)\s+)?that\s+(.+)",
    re.IGNORECASE,
)
# An explicit denial ("denied reports that British banks are resisting signing …") of a proposition the
# other clause asserts nearly word for word: the same proposition asserted and denied. On the labelled
# Reuters set the looser negation rule (POLARITY_CONFIDENCE) was right 3 times in 8.
DENIED_REPORT_CONFIDENCE = 0.7
DENIED_MIN_WORDS = 4
DENIED_MIN_SHARE = 0.8


def denial_confidence(x: Clause, y: Clause) -> float:
    """Confidence of a cross-article polarity conflict: higher when one clause explicitly denies what the
    other asserts in (nearly) its own words."""
    neg, pos = (x, y) if x.reading.negated else (y, x)
    found = _DENIED_REPORT.search(neg.text)
    if found is None:
        return POLARITY_CONFIDENCE
    denied = read(found.group(1)).concept_set
    if len(denied) < DENIED_MIN_WORDS:
        return POLARITY_CONFIDENCE
    share = len(denied & pos.reading.concept_set) / len(denied)
    return DENIED_REPORT_CONFIDENCE if share >= DENIED_MIN_SHARE else POLARITY_CONFIDENCE


def whole_reading(side: Side) -> frozenset[str]:
    """Every concept of the claim's sentence (a superset of each clause's)."""
    return clauses_of(side)[-1].reading.concept_set


def hedged(c: Clause) -> bool:
    """The sentence goes on with a concession of its own that takes the assertion back ("pose a threat to
    Ukraine but the number … not enough"): a "but" clause that is negated and has no source of its own.
    "… ready to invade But Kiev says there is no reason …" is not hedged: there a second source speaks."""
    rest = c.side.row.text[c.span[1] :]
    m = re.match(r"\W*but\b", rest, re.IGNORECASE)
    if m is None:
        return False
    tail = read(rest[m.end() :])
    return tail.negated and not tail.attributed


def _corroborates(x: Clause, y: Clause, min_cosine: float = CORROBORATION_MIN_COSINE) -> bool:
    rx, ry = x.reading, y.reading
    if rx.conditional or ry.conditional:
        return False
    shared = rx.concept_set & ry.concept_set
    if len(shared) < CORROBORATION_MIN_SHARED or cosine(rx, ry) < min_cosine:
        return False
    if rx.future != ry.future and not (rx.names | ry.names) & shared:
        return False  # a forecast and a report, unless the same named person or thing ties them
    if _different_names(x, y):
        return False  # "X Corp raised its stake" / "Y Corp lowered its stake": the same frame, two actors
    return not (_anaphoric(x) or _anaphoric(y)) and _anchored(x, y) and not _figures_clash(x, y)


def _different_names(x: Clause, y: Clause) -> bool:
    """Both sentences name entities (as the extractor found them) and share none: "X Corp raised its
    stake" / "Y Corp lowered its stake", or two companies' results under one headline template."""
    nx, ny = _entity_names(x.side), _entity_names(y.side)
    return bool(nx) and bool(ny) and not nx & ny


def _entity_names(side: Side) -> frozenset[str]:
    if "entity_names" not in side.memo:
        names = (side.row.data or {}).get("entities", [])
        side.memo["entity_names"] = frozenset(" ".join(words(n)) for n in names)
    return side.memo["entity_names"]


def _anaphoric(c: Clause) -> bool:
    lowered = f" {c.text.lower()} "
    return any(f" {a} " in lowered for a in _ANAPHORS)


def _anchored(x: Clause, y: Clause) -> bool:
    """The shared concepts include what happens (an event concept, or two other content words), not only
    who, where and when."""
    shared = (x.reading.asserted & y.reading.asserted) - x.reading.names - y.reading.names
    return bool(shared & (x.reading.events | y.reading.events)) or len(shared) >= 2


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _figures_clash(x: Clause, y: Clause) -> bool:
    """Both give years, or both give other figures, and none agree ("net loss 178,000 vs …" and "net
    loss 2,136,000 vs …" are two companies' results, not one fact twice)."""
    ya, yb = years(x.text), years(y.text)
    na, nb = _figures_in(x.text) - ya, _figures_in(y.text) - yb
    return bool(ya and yb and not ya & yb) or bool(na and nb and not na & nb)


def _figures_in(text: str) -> set[str]:
    return {re.sub(r"[^\d.]", "", n).rstrip(".") for n in _NUMBER.findall(text)}


def _shared_words(x: Clause, y: Clause) -> list[str]:
    shared = x.reading.concept_set & y.reading.concept_set
    return [c for c in dict.fromkeys(x.reading.concepts) if c in shared]


def _polarity_finding(x: Clause, y: Clause, confidence: float, where: str, rule: str = "negation") -> Finding:
    neg, pos = (x, y) if x.reading.negated else (y, x)
    if x.side.row.article_id == y.side.row.article_id:
        text = f"Two sources in this article disagree: {quoted(pos.text)}, but {quoted(neg.text)}."
    else:
        text = f"{label(pos.side.article)} says {quoted(pos.text)}; {label(neg.side.article)} denies it: " + (
            f"{quoted(neg.text)}."
        )
    return Finding(
        "polarity_conflict",
        x.side.ref(x.span),
        y.side.ref(y.span),
        text,
        confidence,
        {"rule": rule, "where": where, "shared": _shared_words(x, y), "negated": "a" if neg is x else "b"},
    )


# Sentences of one article compared with each other (pairs grow with the square): a news article has
# well under 200; a pasted book or log would otherwise hold the write transaction for minutes.
MAX_WITHIN_SIDES = 400


def within_article(sides: list[Side], speakers: dict[int, set[str]] | None = None) -> list[Finding]:
    """Disagreements between sources inside one article (sides in reading order).

    `speakers` maps a claim id to the speakers of the quotes in that sentence: two sentences that quote
    only the same person are not two sources.
    """
    speakers = speakers or {}
    found: list[Finding] = []
    sides = sides[:MAX_WITHIN_SIDES]
    all_clauses = [clauses_of(s) for s in sides]
    # Only attributed clauses can be two sources; filtering first keeps the pair loop small.
    leaves = [[c for c in clauses_of(s, whole=False) if c.reading.attributed] for s in sides]
    for i, cx in enumerate(leaves):
        for j in range(i, len(leaves)):
            for x in cx:
                for y in leaves[j]:
                    if not _two_sources(x, y, speakers):
                        continue
                    if polarity_conflict(x, y):
                        found.append(_polarity_finding(x, y, POLARITY_CONFIDENCE, "within one article"))
    found += _contrasts(all_clauses, speakers)
    found += _denials(all_clauses)
    return found


def _two_sources(x: Clause, y: Clause, speakers: dict[int, set[str]]) -> bool:
    """Both clauses are attributed, and could come from different sources."""
    if not (x.reading.attributed and y.reading.attributed):
        return False
    if x.side.row is y.side.row:
        (a0, a1), (b0, b1) = sorted([x.span, y.span])
        if b0 < a1:
            return False  # the same words, or one clause inside the other
        between = x.side.row.text[a1:b0].lower()
        return bool(re.search(r"\b(but|however)\b", between))  # "A believes X But B says not X"
    sx, sy = speakers.get(x.side.row.id, set()), speakers.get(y.side.row.id, set())
    return not (sx and sy and sx == sy)


def _contrasts(all_clauses: list[list[Clause]], speakers: dict[int, set[str]]) -> list[Finding]:
    """Two attributed sentences in a row, the second opening with a contrast ("X said A. However, Y …")."""
    found = []
    for prev, cur in zip(all_clauses, all_clauses[1:], strict=False):
        p, c = prev[-1], cur[-1]  # the whole sentences
        first = c.text.lstrip("“\"‘' ").split(" ", 1)[0].strip(",").lower()
        if first not in ("however", "but", "nevertheless", "yet"):
            continue
        if not (p.reading.attributed and c.reading.attributed):
            continue
        sp, sc = speakers.get(p.side.row.id, set()), speakers.get(c.side.row.id, set())
        if sp and sp == sc:
            continue
        if len(p.reading.concept_set & c.reading.concept_set) >= 1:
            found.append(_polarity_finding(p, c, CONTRAST_CONFIDENCE, "within one article", rule="contrast"))
    return found


def _denials(all_clauses: list[list[Clause]]) -> list[Finding]:
    """A denial that points back ("dispute having received any such messages") against the earlier
    sentence it points to: the closest one sharing an event concept with the denied words."""
    found = []
    for i, cur in enumerate(all_clauses):
        for c in cur[:-1] or cur:
            lowered = c.text.lower()
            if not c.reading.denial or not any(f" {a} " in f" {lowered} " for a in _ANAPHORS):
                continue
            scope = c.reading.neg_scope
            for prev in reversed(all_clauses[max(0, i - DENIAL_LOOKBACK) : i]):
                p = prev[-1]
                if scope & p.reading.events and not p.reading.negated:
                    found.append(
                        _polarity_finding(p, c, DENIAL_CONFIDENCE, "within one article", rule="denial")
                    )
                    break
    return found
