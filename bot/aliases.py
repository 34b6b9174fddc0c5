"""The alias table: variant spellings of people, places and organisations mapped to one canonical name.

Lookup order in `AliasTable.canonical`:

1. exact match of the folded name (case, accents, punctuation and a leading "the" ignored) against
   every canonical name and variant, workspace aliases first;
2. a guarded fuzzy match (rapidfuzz) against names the table already knows, of the same entity type;
   for people first and last names are compared separately so that "Dmitry Peskov" never becomes
   "Dmitry Kozak" and "Jill Biden" never becomes "Joe Biden";
3. otherwise the cleaned name itself.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from bot.models import EntityLabel

# Section names in config/aliases.json and the entity label each holds.
SECTION_LABELS: dict[str, EntityLabel] = {"people": "person", "places": "place", "orgs": "org"}

# Fuzzy thresholds (rapidfuzz `ratio`, 0..100). Calibrated on transliteration pairs that must merge
# (Dmitro/Dmytro 83, Mallar/Maliar 91, Zelenskiy/Zelensky 94, Donbass/Donbas 92) and different names that
# must not (Dmitry/Dmytro 67, Joe/Jill 29, Peskov/Kozak 18, Austria/Australia 75, Gambia/Zambia 83).
PERSON_PART_MIN_RATIO = 80.0  # each of first name and last name
NAME_MIN_RATIO = 88.0  # whole name, for places, orgs and single-word person names
MIN_FUZZY_CHARS = 5  # shorter names ("Iran"/"Iraq", "Kim"/"Kin") are never fuzzy-matched
# Folded keys kept in memory: names recur across articles, and folding is a unicode normalisation plus
# four regex passes. An entry is a short name, so the bound keeps the cache to a few MB. The same bound
# holds each table's `canonical` answers (cleared when full, so a long-running bot does not grow).
FOLD_CACHE_SIZE = 65_536

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s$|[’']$")
_FOLD_DROP = re.compile(r"[.’'`]")
_FOLD_SPACE = re.compile(r"[^\w]+")
_EDGE_JUNK = "\"'“”‘’«»()[]{},;:.!?- \t\n"


def clean_name(name: str) -> str:
    """The name as it should be shown: trimmed, without a leading "the" or a possessive "'s"."""
    text = " ".join(name.split()).strip(_EDGE_JUNK.replace(".", ""))
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_THE.sub("", text)
    text = text.strip(_EDGE_JUNK.replace(".", ""))
    return text


@lru_cache(maxsize=FOLD_CACHE_SIZE)
def fold(name: str) -> str:
    """Lookup key: lower case, accents dropped, punctuation removed, single spaces ("U.S." -> "us")."""
    text = unicodedata.normalize("NFKD", clean_name(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _FOLD_DROP.sub("", text)
    text = _FOLD_SPACE.sub(" ", text)
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class AliasEntry:
    canonical: str
    label: EntityLabel | None


class AliasTable:
    """Variant → canonical name, by entity type, with guarded fuzzy matching for spelling variants."""

    def __init__(self) -> None:
        self._exact: dict[str, list[AliasEntry]] = {}
        self._workspace: dict[str, AliasEntry] = {}
        self._labels: dict[str, EntityLabel] = {}  # canonical name -> its type, when known
        self._surfaces: dict[str, AliasEntry] = {}  # spelling as written -> entry, for finding names in text
        self._surface_regex: re.Pattern[str] | None = None  # built on first use, reset on every add
        self._resolved: dict[tuple[str, EntityLabel | None], str] = {}  # `canonical` answers, reset on add

    @classmethod
    def load(cls, path: Path, extra: Iterable[tuple[str, str]] = ()) -> AliasTable:
        """Read the shared table (canonical → variants, by section); `extra` are workspace aliases
        (variant, canonical) from the database, which override the shared table."""
        table = cls()
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for section, label in SECTION_LABELS.items():
            for canonical, variants in data.get(section, {}).items():
                table.add(canonical, canonical, label)
                for variant in variants:
                    table.add(variant, canonical, label)
        for variant, canonical in extra:
            table.add_workspace(variant, canonical)
        return table

    def add(self, variant: str, canonical: str, label: EntityLabel | None = None) -> None:
        """Register a variant (or, with variant == canonical, a known canonical name, e.g. one already
        in the store, so later spelling variants fuzzy-match to it)."""
        key = fold(variant)
        if not key:
            return
        label = label or self._labels.get(canonical)
        if label:
            self._labels.setdefault(canonical, label)
        entries = self._exact.setdefault(key, [])
        entry = AliasEntry(canonical, label)
        self._surfaces.setdefault(clean_name(variant), entry)
        self._surface_regex = None
        self._resolved.clear()
        if entry not in entries:
            entries.append(entry)
        if fold(canonical) not in self._exact:
            self._exact[fold(canonical)] = [AliasEntry(canonical, label)]

    def add_workspace(self, variant: str, canonical: str) -> None:
        """A workspace alias: wins over the shared table for this variant, whatever the type."""
        label = self._labels.get(canonical)
        self._workspace[fold(variant)] = AliasEntry(canonical, label)
        self._surfaces[clean_name(variant)] = AliasEntry(canonical, label)
        self._surface_regex = None
        self._resolved.clear()
        self.add(canonical, canonical, label)

    def label_of(self, name: str) -> EntityLabel | None:
        """The type the table gives this name (exact match only), or None when unknown or ambiguous."""
        key = fold(name)
        if key in self._workspace and self._workspace[key].label:
            return self._workspace[key].label
        labels = {e.label for e in self._exact.get(key, []) if e.label}
        return labels.pop() if len(labels) == 1 else None

    def lookup(self, name: str, label: EntityLabel | None = None) -> str | None:
        """Exact (folded) alias match, preferring an entry of the given type, or None."""
        key = fold(name)
        if key in self._workspace:
            return self._workspace[key].canonical
        entries = self._exact.get(key, [])
        for entry in entries:
            if label is None or entry.label in (label, None):
                return entry.canonical
        # An exact alias of another type still names the same thing ("Kiev said" -> "Kyiv"); the type
        # guard only protects fuzzy matches.
        return entries[0].canonical if entries else None

    def canonical(self, name: str, label: EntityLabel | None = None) -> str:
        """Exact alias → canonical; else a guarded fuzzy match; else the cleaned name."""
        key = (name, label)
        resolved = self._resolved.get(key)
        if resolved is None:
            if len(self._resolved) >= FOLD_CACHE_SIZE:
                self._resolved.clear()
            resolved = self._resolve(name, label)
            self._resolved[key] = resolved
        return resolved

    def _resolve(self, name: str, label: EntityLabel | None) -> str:
        exact = self.lookup(name, label)
        if exact is not None:
            return exact
        fuzzy = self.fuzzy(name, label)
        return fuzzy if fuzzy is not None else clean_name(name)

    def fuzzy(self, name: str, label: EntityLabel | None = None) -> str | None:
        """The one canonical name whose known spellings are close enough to `name`, or None.

        Only names of the same type are compared; a tie between two different canonical names is
        treated as no match (better two entries than a wrong merge).
        """
        key = fold(name)
        if len(key.replace(" ", "")) < MIN_FUZZY_CHARS:
            return None
        matches: set[str] = set()
        for known, entry in self._entries():
            if label is not None and entry.label not in (label, None):
                continue
            is_person = (label or entry.label) == "person"
            if _similar(key, known, person=is_person):
                matches.add(entry.canonical)
        return matches.pop() if len(matches) == 1 else None

    def find_in(self, text: str) -> Iterator[tuple[int, int, EntityLabel | None]]:
        """(start, end, label) of every known name written verbatim (case-sensitive, whole words) in
        `text`, longest spelling first where two overlap; one compiled pattern for the whole table."""
        if self._surface_regex is None:
            forms = sorted((s for s in self._surfaces if len(s) >= 2), key=len, reverse=True)
            body = "|".join(re.escape(f) for f in forms) or r"(?!x)x"
            self._surface_regex = re.compile(rf"(?<![\w.])(?:{body})(?!\w)")
        for match in self._surface_regex.finditer(text):
            yield match.start(), match.end(), self._surfaces[match.group()].label

    def _entries(self) -> Iterator[tuple[str, AliasEntry]]:
        for key, entry in self._workspace.items():
            yield key, entry
        for key, entries in self._exact.items():
            if key in self._workspace:
                continue
            for entry in entries:
                yield key, entry


def _similar(a: str, b: str, *, person: bool) -> bool:
    """Whether two folded names are spelling variants of each other."""
    if a == b:
        return True
    if len(b.replace(" ", "")) < MIN_FUZZY_CHARS:
        return False
    if not person:
        return fuzz.ratio(a, b) >= NAME_MIN_RATIO
    return _similar_person(a.split(), b.split())


def _similar_person(a: list[str], b: list[str]) -> bool:
    """First and last names compared separately; both must be close and start with the same letter.

    Two-part names must agree on both parts; a one-word name only matches a one-word alias
    (a bare surname is resolved through the exact table or the article's own full name instead).
    """
    if (len(a) == 1) != (len(b) == 1):
        return False
    pairs = [(a[-1], b[-1])] if len(a) == 1 else [(a[0], b[0]), (a[-1], b[-1])]
    threshold = NAME_MIN_RATIO if len(a) == 1 else PERSON_PART_MIN_RATIO
    return all(x[:1] == y[:1] and fuzz.ratio(x, y) >= threshold for x, y in pairs)
