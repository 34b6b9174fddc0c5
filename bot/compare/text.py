"""Plain-text helpers the comparison rules share: words, stems, concepts, clauses, negation and tense.

Pure string functions (no spaCy), so stored claims can be re-read at comparison time and the benchmark
can build keys for synthetic rows without parsing anything.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.compare.lexicon import (
    CONCEPTS,
    CONDITIONALS,
    DENIAL_STEMS,
    EVENT_CONCEPTS,
    FUTURE_MARKERS,
    METONYMS,
    NEGATORS,
    PHRASE_CONCEPTS,
    REPORTING_STEMS,
    STOPWORDS,
    TRANSPARENT,
)

_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"})
_US = re.compile(r"\bU\.S\.(?=\W|$)|\bUS\b")
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?|'[a-z]+|n't")
# Where a sentence splits into clauses that may carry different sources or polarity.
_CLAUSE_BREAK = re.compile(
    r"(?:;|:\s|,?\s+but\s+|,\s*however,?\s+|,\s*while\s+|,\s*whereas\s+|,\s*although\s+|,\s*though\s+"
    r"|,\s*adding\s+(?:that\s+)?|,\s*saying\s+|\s+and\s+said\s+(?:that\s+)?|,\s*including\s+|\s+since\s+"
    r"|\s+after\s+the\s+|[.?!][\"”’]?\s+(?=[\"“A-Z]))",
    re.IGNORECASE,
)
_LEADING_SUBORDINATE = re.compile(r"^\s*(?:although|though|while|whereas)\b[^,]{3,}?,\s*", re.IGNORECASE)
# Clause must have at least this many words to be compared on its own (shorter ones stay with their sentence).
MIN_CLAUSE_WORDS = 4
# How many content words after a negator it reaches ("no reason to believe that Russia will attack"), and
# how many of them count as what is denied: the first ones that are not names or hedges ("reason").
NEG_SCOPE_WORDS = 6
NEG_SCOPE_HEADS = 2
# Words after "any" or "warning of" that are named, not asserted ("a warning of any aggression", "any
# military attack would …"): two tokens reach "any military attack" but not the "imminent" of "any
# aggression It is imminent".
HYPOTHETICAL_REACH = 2


def normalize(text: str) -> str:
    """Lower case, straight quotes and dashes, accents dropped; "US"/"U.S." become "usa" (not "us")."""
    text = _US.sub("usa", text)
    text = unicodedata.normalize("NFKD", text.translate(_QUOTE_CHARS))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    """Word tokens of normalised text, with "n't" and "'s" kept as their own tokens."""
    return _WORD.findall(normalize(text).replace("n't", " n't"))


def stem(word: str) -> str:
    """A crude suffix stripper: enough to meet "invaded"/"invade"/"invading" on "invad"."""
    if len(word) <= 3 or word[0].isdigit():
        return word
    for suffix in ("ing", "ed", "es", "s", "e", "ly"):
        if suffix == "s" and word.endswith("ss"):
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def entity_concept(name: str) -> str:
    """Concept of a canonical entity name ("Moscow" and "Russia" both give "@russia")."""
    folded = " ".join(words(name))
    return "@" + METONYMS.get(folded, folded)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the rules need to know about a clause or sentence."""

    concepts: tuple[str, ...]  # content concepts in order ("@russia", "ATTACK", "reposition", "2014")
    negated: bool
    neg_scope: frozenset[str]  # non-entity concepts a negator or denial governs
    future: bool
    conditional: bool
    attributed: bool  # has a reporting or cognition verb
    denial: bool
    names: frozenset[str] = frozenset()  # concepts written as names (capitalised mid-sentence)
    neg_window: frozenset[str] = frozenset()  # every concept within a negator's reach
    hypothetical: frozenset[str] = frozenset()  # concepts named after "any"/"warning of", not asserted

    @property
    def asserted(self) -> frozenset[str]:
        """Predicates the clause asserts: not negated, not merely named as a possibility."""
        return self.predicates - self.neg_window - self.hypothetical

    @property
    def concept_set(self) -> frozenset[str]:
        return frozenset(self.concepts)

    @property
    def predicates(self) -> frozenset[str]:
        """Concepts that are neither participants (entities, names) nor numbers."""
        return frozenset(
            c for c in self.concepts if not c.startswith("@") and c not in self.names and not c[0].isdigit()
        )

    @property
    def events(self) -> frozenset[str]:
        return frozenset(c for c in self.concepts if c in EVENT_CONCEPTS)


_READ_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*%?|'[a-z]+|n't|[,;:.!?()]")
# Words that end a negator's scope ("we must not lower our guard because the invading forces …").
_SCOPE_BREAKS = frozenset(
    {"because", "and", "but", "while", "which", "who", "although", "though", "as", "since"}
)
_PUNCT = frozenset(",;:.!?()")
# A text with more capitalised words than this share is in title case: capitals say nothing about names.
TITLE_CASE_SHARE = 0.6


def _read_tokens(text: str) -> list[tuple[str, bool]]:
    """(lower-case token, written with a capital not at a sentence start) for `read`."""
    text = unicodedata.normalize("NFKD", _US.sub("usa", text).translate(_QUOTE_CHARS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("n't", " n't")
    raw = _READ_TOKEN.findall(text)
    alpha = [t for t in raw if t[0].isalpha()]
    title_case = alpha and sum(t[0].isupper() for t in alpha) / len(alpha) > TITLE_CASE_SHARE
    out, prev = [], "."
    for tok in raw:
        capital = tok[0].isupper() and prev not in ".!?" and not title_case
        out.append((tok.lower(), capital))
        prev = tok
    return out


@lru_cache(maxsize=65536)
def read(text: str) -> Reading:
    """Concepts, negation (with its scope), tense and attribution of a piece of text."""
    toks = _read_tokens(text)
    concepts: list[str] = []
    names: set[str] = set()
    negated = denial = future = conditional = attributed = False
    scope_heads: list[str] = []
    window: set[str] = set()
    hypothetical: set[str] = set()
    scope_left = hypo_left = 0
    i = 0
    while i < len(toks):
        tok, capital = toks[i]
        hypo_left -= 1
        if tok == "any" or (tok == "of" and i and stem(toks[i - 1][0]) == "warn"):
            hypo_left = HYPOTHETICAL_REACH + 1
        pair = (tok, toks[i + 1][0]) if i + 1 < len(toks) else None
        if pair in PHRASE_CONCEPTS:
            concept, i = PHRASE_CONCEPTS[pair], i + 2
        else:
            i += 1
            st = stem(tok)
            if tok in _PUNCT or tok in _SCOPE_BREAKS:
                scope_left = hypo_left = 0
                continue
            if tok in NEGATORS or st in DENIAL_STEMS:
                negated = True
                denial = denial or st in DENIAL_STEMS
                attributed = attributed or st in DENIAL_STEMS
                scope_left = NEG_SCOPE_WORDS
                continue
            future = future or tok in FUTURE_MARKERS
            conditional = conditional or tok in CONDITIONALS
            if st in REPORTING_STEMS:
                attributed = True
                continue
            if tok in STOPWORDS or tok.startswith("'") or len(tok) < 2:
                continue
            concept = _concept(tok, st)
            if capital and not concept.startswith("@"):
                names.add(concept)
        concepts.append(concept)
        if hypo_left > 0:
            hypothetical.add(concept)
        if scope_left > 0:
            window.add(concept)
            head = not concept.startswith("@") and concept not in names and concept not in TRANSPARENT
            if head and len(scope_heads) < NEG_SCOPE_HEADS:
                scope_heads.append(concept)
            scope_left -= 1
    return Reading(
        concepts=tuple(concepts),
        negated=negated,
        neg_scope=frozenset(scope_heads),
        neg_window=frozenset(window),
        hypothetical=frozenset(hypothetical),
        future=future,
        conditional=conditional or text.rstrip().endswith("?"),
        attributed=attributed,
        denial=denial,
        names=frozenset(names),
    )


def concept_of(word: str) -> str:
    """The concept of one lower-case word ("invaded" -> "ATTACK", "moscow" -> "@russia")."""
    word = "usa" if word in ("us", "u.s") else word
    return _concept(word, stem(word))


def _concept(tok: str, st: str) -> str:
    if tok in METONYMS:
        return "@" + METONYMS[tok]
    if tok in METONYMS.values():
        return "@" + tok
    return CONCEPTS.get(st) or CONCEPTS.get(tok) or st


@lru_cache(maxsize=65536)
def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of a sentence, offsets into `text`; the whole text when it does not split.

    Splits at contrast ("but", "however", "although"), at "adding"/"saying", at ";" and at sentence ends,
    so that "A believes X But B says not X" gives two clauses.
    """
    spans: list[tuple[int, int]] = []
    lead = _LEADING_SUBORDINATE.match(text)
    cuts = [(0, 0)]
    if lead:
        cuts.append((lead.end() - 2, lead.end()))
    cuts += [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text) if m.start() > 0]
    cuts.sort()
    cuts.append((len(text), len(text)))
    for (_, start), (end, _) in zip(cuts, cuts[1:], strict=False):
        start, end = _trim(text, start, end)
        if end > start and len(words(text[start:end])) >= MIN_CLAUSE_WORDS:
            spans.append((start, end))
    if not spans or spans == [(0, len(text))]:
        start, end = _trim(text, 0, len(text))
        return [(start, end)] if end > start else []
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,;:\"“”'’‘.":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:\"“”'’‘":
        end -= 1
    return start, end


def shingles(text: str, size: int = 3) -> list[str]:
    """Word n-grams of normalised text (quote look-up keys); short texts give one shingle."""
    toks = words(text)
    if len(toks) < size:
        return [" ".join(toks)] if toks else []
    return [" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)]


def years(text: str) -> set[str]:
    """Four-digit years mentioned in the text."""
    return set(re.findall(r"\b(1[89]\d\d|20\d\d)\b", text))
