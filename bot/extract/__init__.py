"""Extraction: pure functions over a parsed `Doc` of an article's cleaned text.

Order: language check → quotes → figures → entities → check-worthy sentences; speakers are then
put under their canonical names with the same alias table as the entities.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from bot.aliases import AliasTable
from bot.extract.claims import rank_claims
from bot.extract.doccache import doc_text
from bot.extract.doccache import sentences as doc_sentences
from bot.extract.entities import extract_entities
from bot.extract.language import is_english
from bot.extract.numbers import extract_numbers
from bot.extract.quotes import extract_quotes
from bot.extract.timeref import section_period
from bot.models import Entity, Extraction, Span

__all__ = ["extract"]


def extract(
    doc: Doc, aliases: AliasTable, published: date | None = None, *, english: bool | None = None
) -> Extraction:
    """Everything newsbot extracts from one article (offsets into `doc.text`)."""
    sentences = [Span(s.text, s.start_char, s.end_char) for s in doc_sentences(doc)]
    text = doc_text(doc)
    if english is None:  # the pipeline has decided it already when cleaning
        english = is_english(text)
    if not text.strip() or not english:
        return Extraction(sentences=sentences, english=False)
    entities = extract_entities(doc, aliases)
    quotes = [
        replace(q, speaker=canonical_speaker(q.speaker, aliases)) if q.speaker else q
        for q in extract_quotes(doc)
    ]
    numbers = extract_numbers(doc, published)
    lead = lead_subject(entities, sentences)
    verbless = verbless_sentences(doc)
    headline = text.lstrip().split("\n", 1)[0]
    for number in numbers:
        row = number.unit != "date" and number.sentence is not None and number.sentence.start_char in verbless
        if number.subject:
            number.subject = aliases.canonical(number.subject)
        elif lead and row:
            number.subject, number.subject_source = lead, "article"
        if row and not number.time and number.sentence is not None:
            # A results-table row's period is its section's ("Nine mths", "Year") or its headline's.
            number.time = section_period(text, number.sentence.start_char, headline) or None
        number.places = [aliases.canonical(p, "place") for p in number.places]
    claims = rank_claims(
        doc,
        entities,
        quote_spans=[(q.start_char, q.end_char) for q in quotes],
        number_spans=[(n.start_char, n.end_char) for n in numbers],
    )
    return Extraction(
        quotes=quotes, numbers=numbers, claims=claims, entities=entities, sentences=sentences, english=True
    )


LEAD_LABELS = ("org", "person", "place")


def verbless_sentences(doc: Doc) -> set[int]:
    """Start offsets of the sentences without a verb: table rows ("Sales 36.7 mln vs 33.5 mln"), whose
    figures are about the article's own subject. A sentence with a verb that names no subject is left
    without one (the headline's entity is often not what its figures measure: "death toll")."""
    return {s.start_char for s in doc_sentences(doc) if not any(t.pos_ in ("VERB", "AUX") for t in s)}


def lead_subject(entities: list[Entity], sentences: list[Span]) -> str | None:
    """The headline's main entity (an organisation before a person before a place): what a figure in a
    table row is about ("Sales 36.7 mln vs 33.5 mln" under "LILLY INDUSTRIAL …")."""
    for n, line in enumerate(sentences[:2]):  # a headline in capitals often has no entity the tagger sees
        labels = LEAD_LABELS if n == 0 else LEAD_LABELS[:2]  # a lead's first place is often its dateline
        named = [
            (labels.index(e.label), min(m.start_char for m in e.mentions), e.name)
            for e in entities
            if e.label in labels and any(line.start_char <= m.start_char < line.end_char for m in e.mentions)
        ]
        if named:
            return min(named)[2]
    return None


def canonical_speaker(name: str, aliases: AliasTable) -> str:
    """A named speaker under its canonical name; descriptions ("unnamed official") are kept as they are."""
    if name.lower().startswith("unnamed "):
        return name
    return aliases.canonical(name, "person") if name[:1].isupper() else name
