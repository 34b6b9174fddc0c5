"""Quote views: the per-doc lookups give what spaCy computes, and caching them leaves quotes unchanged."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bot.clean import clean_text
from bot.extract.quote_views import entity_at, persons, sent_of
from bot.extract.quotes import extract_quotes

VOCAB = Vocab()
ALL_LABELS = frozenset({"PERSON", "GPE", "ORG"})

# (words, sentence starts, entities as "B-X"/"I-X"/"O"); built by hand, no model needed.
DOCS = {
    "people-and-place": (
        ["Joe", "Biden", "met", "Olaf", "Scholz", ".", "Berlin", "said", "no", "."],
        [True, False, False, False, False, False, True, False, False, False],
        ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "B-GPE", "O", "O", "O"],
    ),
    "adjacent-entities": (
        ["NATO", "Jens", "Stoltenberg", "spoke", "."],
        [True, False, False, False, False],
        ["B-ORG", "B-PERSON", "I-PERSON", "O", "O"],
    ),
    "no-entities": (
        ["Nothing", "here", ".", "Nor", "here", "."],
        [True, False, False, True, False, False],
        ["O"] * 6,
    ),
}


def _doc(name: str) -> Doc:
    words, sent_starts, ents = DOCS[name]
    return Doc(VOCAB, words=words, sent_starts=sent_starts, ents=ents)


def _scan_entity(tok, labels):
    """The lookup quote_views replaces: a walk over all entities."""
    return next((e for e in tok.doc.ents if e.start <= tok.i < e.end and e.label_ in labels), None)


@pytest.mark.parametrize("name", DOCS)
@pytest.mark.parametrize("labels", [ALL_LABELS, frozenset({"PERSON"}), frozenset({"GPE", "ORG"})])
def test_quotes_views_entity_at_equals_scan(name, labels) -> None:
    doc = _doc(name)
    assert [entity_at(t, labels) for t in doc] == [_scan_entity(t, labels) for t in doc]


@pytest.mark.parametrize("name", DOCS)
def test_quotes_views_sentence_and_persons_equal_spacy(name) -> None:
    doc = _doc(name)
    assert [sent_of(t) for t in doc] == [t.sent for t in doc]
    assert persons(doc) == tuple(e for e in doc.ents if e.label_ == "PERSON")


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_quotes_views_equal_spacy_on_seeds(nlp, seed_texts, seed) -> None:
    name = next(n for n in seed_texts if n.startswith(seed))
    doc = nlp(clean_text(seed_texts[name]).cleaned_text)
    assert [sent_of(t).start for t in doc] == [t.sent.start for t in doc]
    assert [entity_at(t, ALL_LABELS) for t in doc] == [_scan_entity(t, ALL_LABELS) for t in doc]


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_quotes_same_on_fresh_and_cached_doc(nlp, seed_texts, seed) -> None:
    """A second extraction reads the cached views; it must find exactly what a fresh doc gives."""
    name = next(n for n in seed_texts if n.startswith(seed))
    text = clean_text(seed_texts[name]).cleaned_text
    doc = nlp(text)
    first = extract_quotes(doc)
    assert first
    assert extract_quotes(doc) == first == extract_quotes(nlp(text))
