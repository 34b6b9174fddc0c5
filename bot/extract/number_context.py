"""What a figure measures and of what, read from the dependency parse around it.

The quantity is a short normalised phrase built from the synonym tables in `config/quantities.json`,
so that two articles' figures for the same thing get the same key:

- a share ("5% of Ukraine's land", "the 18% of Ukrainian territory it has seized") ->
  "share of <of-object>" plus the verb's label ("share of territory occupied");
- money before a noun ("$61.4 billion aid package") -> "<noun phrase> size"; else the verb's label;
- a time span before or of a noun ("30-day ceasefire", "eight hours of discussions") or after "for"
  ("met for eight hours") -> "duration of <event>"; after "after"/"in" -> "time since/until <event>";
- counted nouns -> their table entry ("troop count", "death toll" for people killed) or "number of <noun>s".
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from bot.extract.timeref import governing_verb
from bot.extract.units import MEASURE_UNITS
from bot.settings import CONFIG_DIR

QUANTITIES_FILE = CONFIG_DIR / "quantities.json"
MEASURE_DIMENSIONS = dict(MEASURE_UNITS.values())
TIME_UNIT_NAMES = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
FUTURE_MARKERS = frozenset({"will", "'ll", "’ll", "shall", "next", "coming"})
SUBJECT_ENT_TYPES = frozenset({"GPE", "ORG", "PERSON", "NORP", "LOC"})
OFFSET_WORDS = frozenset({"after", "before", "later", "earlier", "ago"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our"})
MONEY_UNITS = frozenset({"USc"})
# A label longer than this is a sentence the tagger found no verb in, not a table row's label.
MAX_LABEL_WORDS = 4
DATELINE = re.compile(
    r"^[A-Z][A-Z .'&-]{1,40},(?:\s+[A-Z][a-zA-Z.]{1,12},)?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*[-–—]+\s*"
)
# Clauses climbed from a figure's verb to the verb it reports to, looking for a named subject.
MAX_CLAUSE_CLIMB = 3


@lru_cache(maxsize=4)
def load_tables(path: Path = QUANTITIES_FILE) -> dict[str, Any]:
    """The synonym tables (read once per process)."""
    return json.loads(path.read_text(encoding="utf-8"))


def _child(token: Token, deps: tuple[str, ...], lower: str | None = None) -> Token | None:
    for child in token.children:
        if child.dep_ in deps and (lower is None or child.lower_ == lower):
            return child
    return None


def of_object(token: Token) -> Token | None:
    """The noun after "of" that hangs on `token` ("5% of [land]")."""
    prep = _child(token, ("prep",), "of")
    return _child(prep, ("pobj",)) if prep is not None else None


def _modifiers(noun: Token) -> list[str]:
    """Common-noun modifiers worth keeping in a quantity name ("national" budget, "aid" package)."""
    demonyms = load_tables()["demonyms"]
    kept = []
    for child in noun.lefts:
        if child.dep_ not in ("amod", "compound") or child.ent_type_ or child.pos_ == "PROPN":
            continue
        if child.lower_ in demonyms or not child.is_alpha:
            continue
        kept.append(child.lower_)
    return kept


def noun_phrase(noun: Token) -> str:
    return " ".join([*_modifiers(noun), noun.lemma_.lower()])


def event_name(token: Token) -> str:
    """A talk/war/ceasefire-like name for a verb or noun ("met" -> "talks", "discussions" -> "talks")."""
    tables = load_tables()
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX"):
        if lemma in tables["event_verbs"]:
            return tables["event_verbs"][lemma]
        for dep in ("dobj", "nsubjpass", "nsubj"):
            arg = _child(token, (dep,))
            if arg is not None and arg.lemma_.lower() in tables["event_nouns"]:
                return tables["event_nouns"][arg.lemma_.lower()]
        return lemma
    return tables["event_nouns"].get(lemma, tables["event_nouns"].get(token.lower_, lemma))


def _verb_of(root: Token) -> Token | None:
    verb = governing_verb(root)
    return verb if verb.pos_ in ("VERB", "AUX") else None


def _relative_verb(*tokens: Token | None) -> Token | None:
    """A relative-clause verb on the figure or its of-object ("the 18% ... it has [seized]")."""
    for token in tokens:
        if token is not None:
            relcl = _child(token, ("relcl", "acl"))
            if relcl is not None:
                return relcl
    return None


def share_quantity(root: Token) -> str:
    """ "share of territory occupied", "tariff", "change in inflation", "inflation" (a level), "turnout"."""
    tables = load_tables()
    obj = of_object(root)
    verb = _relative_verb(root, obj) or _verb_of(root)
    verb_lemma = verb.lemma_.lower() if verb is not None else ""
    if obj is not None:
        lemma = obj.lemma_.lower()
        name = " ".join([*_modifiers(obj), tables["share_nouns"].get(lemma, lemma)])
        return " ".join(filter(None, ["share of", name, tables["share_verbs"].get(verb_lemma, "")]))
    if (
        root.dep_ in ("amod", "compound", "nmod", "nummod")
        and root.head.pos_ == "NOUN"
        and root.head.i > root.i
    ):
        return noun_phrase(root.head)  # "a 25% tariff"
    if verb is None:
        return "share"
    if verb_lemma in tables["change_verbs"]:
        changed = _child(verb, ("dobj",)) or _child(verb, ("nsubj", "nsubjpass"))
        name = noun_phrase(changed) if changed is not None and changed.pos_ == "NOUN" else ""
        if root.head.lower_ == "to" and name:
            return name  # "inflation rose to 7.5%": the new level
        return f"change in {name}" if name else "percentage change"
    subj = _child(verb, ("nsubj", "nsubjpass"))
    if subj is not None and not subj.ent_type_ and subj.pos_ == "NOUN":
        return noun_phrase(subj) if verb_lemma == "be" else f"share of {noun_phrase(subj)}"
    return "share"


def money_quantity(root: Token) -> str:
    tables = load_tables()
    head = root.head
    if root.dep_ in ("nummod", "compound", "amod", "quantmod") and head.pos_ == "NOUN" and head.i > root.i:
        return f"{noun_phrase(head)} {tables['money_nouns_suffix']}"
    verb = _verb_of(root)
    if verb is not None:
        return tables["money_verbs"].get(verb.lemma_.lower(), f"amount {verb.lemma_.lower()}")
    return "amount"


def duration_quantity(root: Token, unit_token: Token) -> str:
    """Duration of an event, or the time since/until one."""
    head = unit_token.head
    following = of_object(unit_token)
    if following is not None:
        return f"duration of {event_name(following)}"
    if unit_token.dep_ in ("compound", "amod", "nmod") and head.pos_ == "NOUN" and head.i > unit_token.i:
        return f"duration of {event_name(head)}"
    prep = head if unit_token.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in ("for", "during", "over", "lasting"):
        return f"duration of {event_name(prep.head)}"
    if unit_token.dep_ == "npadvmod" and head.lower_ in OFFSET_WORDS:
        return _offset(head, unit_token)
    if unit_token.dep_ == "npadvmod" and head.pos_ in ("VERB", "AUX"):
        mark = _child(head, ("mark", "prep", "advmod"))
        if mark is not None and mark.lower_ in OFFSET_WORDS:  # "A month after Russia placed demands"
            return _direction(mark, head, unit_token) + event_name(head)
    if prep is not None and prep.lower_ in ("after", "in", "within", "before"):
        return _offset(prep, unit_token)
    verb = _verb_of(unit_token)
    return f"duration of {event_name(verb)}" if verb is not None else "duration"


def _offset(anchor: Token, unit_token: Token) -> str:
    """ "Three years after launching an invasion" -> "time since invasion"; "will meet after two weeks" ->
    "time until talks"."""
    event = _child(anchor, ("pcomp", "pobj"))
    clause = anchor.head if anchor.dep_ in ("prep", "advmod", "npadvmod") else governing_verb(anchor)
    if event is None or event == unit_token:
        event = _child(anchor, ("advcl",)) or clause
    return _direction(anchor, clause, unit_token) + event_name(event)


def _direction(anchor: Token, clause: Token, unit_token: Token) -> str:
    """ "time until " for a future or "before" offset, else "time since "."""
    future = any(t.lower_ in FUTURE_MARKERS for t in [*clause.children, *unit_token.children])
    return "time until " if future or anchor.lower_ == "before" else "time since "


def count_quantity(root: Token, noun: Token | None) -> str:
    tables = load_tables()
    verb = _verb_of(root)
    verb_lemma = verb.lemma_.lower() if verb is not None else ""
    if noun is None:
        return tables["people_verbs"].get(verb_lemma, "count")
    lemma = noun.lemma_.lower()
    people_like = lemma in tables["people_nouns"] or noun.lower_ in tables["people_nouns"]
    if (people_like or tables["counted_nouns"].get(lemma) == "troop count") and verb_lemma in tables[
        "people_verbs"
    ]:
        return tables["people_verbs"][verb_lemma]  # "20 soldiers were killed" -> "death toll"
    if people_like:
        return "number of people"
    if lemma in tables["counted_nouns"]:
        return tables["counted_nouns"][lemma]
    return f"number of {noun.lower_ if noun.lower_.endswith('s') else lemma + 's'}"


def measure_quantity(root: Token, dimension: str) -> str:
    """ "5,000 tonnes of steel" -> "amount of steel"; "30 km from the border" -> "distance"."""
    obj = of_object(root)
    return (
        f"amount of {noun_phrase(obj)}" if obj is not None and dimension in ("mass", "volume") else dimension
    )


def quantity_of(root: Token, unit: str, noun: Token | None) -> str:
    """The normalised quantity for a figure whose syntactic root is `root`.

    When the parse gives only a label ("count", "amount", "number of mlns"), the noun the figure is "of"
    ("annual sales of eight mln dlrs") or the label opening a verbless line ("Sales 36.7 mln vs 33.5
    mln", wire copy's tables) names the measured thing instead."""
    quantity = _parsed_quantity(root, unit, noun)
    if quantity in ("count", "amount", "share") or quantity.startswith(("amount ", "number of ")):
        return of_noun_quantity(root) or label_quantity(root) or quantity
    return quantity


def _parsed_quantity(root: Token, unit: str, noun: Token | None) -> str:
    if unit in MEASURE_DIMENSIONS:
        return measure_quantity(root, MEASURE_DIMENSIONS[unit])
    if unit in ("%", "pp"):
        return share_quantity(root)
    if unit in TIME_UNIT_NAMES:
        return duration_quantity(root, noun if noun is not None else root)
    if (unit.isupper() and len(unit) == 3) or unit in MONEY_UNITS:
        return money_quantity(root)
    return count_quantity(root, noun)


def of_noun_quantity(root: Token) -> str | None:
    """ "annual sales of approximately eight mln dlrs" -> "annual sales"."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i < root.i:
        return noun_phrase(head.head)
    return None


def label_quantity(root: Token) -> str | None:
    """The label of a verbless line: the words before its first number ("Oper shr profit 30 cts vs …")."""
    sent = root.sent
    if any(t.pos_ in ("VERB", "AUX") for t in sent):
        return None
    label: list[str] = []
    for token in sent:
        if token.like_num or token.is_punct:
            break
        if not token.is_alpha:
            return None
        label.append(token.lower_)
    return " ".join(label) if 0 < len(label) <= MAX_LABEL_WORDS else None


def _demonym(token: Token) -> str | None:
    """ "Ukrainian" / "Ukrainians" -> "Ukraine"."""
    demonyms = load_tables()["demonyms"]
    return demonyms.get(token.lower_) or demonyms.get(token.lower_.removesuffix("s"))


def in_dateline(token: Token) -> bool:
    """The token is in a wire dateline ("PITTSBURG, Kan., March 16 - …"): where the story was filed."""
    sent = token.sent
    match = DATELINE.match(sent.text)
    return match is not None and token.idx - sent.start_char < match.end()


def _entity_name(token: Token) -> str | None:
    """The named entity (or demonym's country) a token stands in."""
    demonym = _demonym(token)
    if demonym:
        return demonym
    if token.ent_type_ not in SUBJECT_ENT_TYPES or in_dateline(token):
        return None
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text.removesuffix("’s").removesuffix("'s")


def _owner(noun: Token, resolve_pronouns: bool = True, place_of: bool = True) -> str | None:
    """Possessor, demonym or proper of-object of a noun: "Ukraine's land", "Ukrainian territory"."""
    for child in noun.children:
        if child.dep_ == "poss":
            if child.lower_ in POSSESSIVE_PRONOUNS:
                return clause_subject(noun) if resolve_pronouns else None
            name = _entity_name(child)
            if name:
                return name
        if child.dep_ in ("amod", "compound", "nmod"):
            name = _entity_name(child)
            if name:
                return name
    # "the budget of Russia", "aid for Ukraine", "unemployment in France" (a rate's place is its subject;
    # "restaurants in Los Angeles" are not about Los Angeles: `place_of` False)
    for prep in ("of", "for", "in") if place_of else ("of", "for"):
        prep_token = _child(noun, ("prep",), prep)
        obj = _child(prep_token, ("pobj",)) if prep_token is not None else None
        name = _entity_name(obj) if obj is not None else None
        if name:
            return name
    return None


def _proper_name(token: Token) -> str | None:
    """A proper noun the tagger gave no entity type, with its compounds ("National Pizza Co")."""
    if token.pos_ != "PROPN" or in_dateline(token):
        return None
    parts = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return " ".join(t.text for t in [*parts, token])


def clause_subject(token: Token, rate: bool = False) -> str | None:
    """The named subject (or demonym's country) of the clause `token` belongs to."""
    verb = _verb_of(token)
    if verb is None:
        return None
    for _ in range(MAX_CLAUSE_CLIMB):
        subj = _child(verb, ("nsubj", "nsubjpass"))
        named = (_entity_name(subj) or _proper_name(subj)) if subj is not None else None
        if named is None and subj is not None and subj.pos_ == "NOUN":
            named = _owner(subj, resolve_pronouns=False, place_of=rate)
        if named or verb.dep_ not in ("ccomp", "xcomp") or verb.head.pos_ not in ("VERB", "AUX"):
            return named
        verb = verb.head  # "National Pizza Co said the restaurants are expected to generate …"
    return None


def subject_of(root: Token, unit: str, noun: Token | None) -> str | None:
    """What the figure is about: the owner of the measured noun, else the clause's named subject."""
    measured = of_object(root) if unit in ("%", "pp") else noun
    if measured is None and root.head.pos_ == "NOUN" and root.head.i > root.i:
        measured = root.head
    owner = _owner(measured) if measured is not None else None
    return owner or clause_subject(root, rate=unit in ("%", "pp"))


def places_in(sentence_ents: list[SpacySpan]) -> list[str]:
    """GPE/LOC/FAC names among a sentence's entities, in order, without repeats or demonyms."""
    demonyms = load_tables()["demonyms"]
    places: list[str] = []
    for ent in sentence_ents:
        name = ent.text.removesuffix("’s").removesuffix("'s")
        if ent.label_ in ("GPE", "LOC", "FAC") and name not in places and name.lower() not in demonyms:
            places.append(name)
    return places


def date_quantity(doc: Doc, span: SpacySpan) -> str:
    """ "date of <event>" for a calendar date ("On 24 February, Russia launched" -> "date of launch")."""
    root = span.root
    anchor = root.head if root.dep_ in ("pobj", "appos", "npadvmod") else root
    if anchor.dep_ == "prep" or anchor.pos_ == "ADP":
        anchor = anchor.head
    if anchor.dep_ == "pobj" and anchor.head.head != anchor:  # "on Friday (Jan. 21)"
        anchor = anchor.head.head
    if anchor == root or anchor.pos_ not in ("VERB", "NOUN", "PROPN", "AUX"):
        return "date"
    return f"date of {event_name(anchor)}"
