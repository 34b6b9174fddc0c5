"""Doc cache: every cached view equals what spaCy computes, and is built once per doc."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bot.extract import doccache

VOCAB = Vocab()

# (words, sentence starts, entities as "B-X"/"I-X"/"O"); built by hand, no model needed.
DOCS = {
    "two-sentences": (
        ["Joe", "Biden", "met", "Olaf", "Scholz", ".", "Berlin", "said", "no", "."],
        [True, False, False, False, False, False, True, False, False, False],
        ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "B-GPE", "O", "O", "O"],
    ),
    "entity-across-sentences": (
        ["In", "New", "York", "it", "rained", ".", "Kyiv", "too", "."],
        [True, False, True, False, False, False, True, False, False],
        ["O", "B-GPE", "I-GPE", "O", "O", "O", "B-GPE", "O", "O"],
    ),
    "no-entities": (
        ["Nothing", "here", ".", "Nor", "here", "."],
        [True, False, False, True, False, False],
        ["O"] * 6,
    ),
    "one-token": (["Hello"], [True], ["O"]),
}


def _doc(name: str) -> Doc:
    words, sent_starts, ents = DOCS[name]
    return Doc(VOCAB, words=words, sent_starts=sent_starts, ents=ents)


@pytest.mark.parametrize("name", DOCS)
def test_doccache_views_equal_spacy(name):
    doc = _doc(name)
    assert doccache.doc_text(doc) == doc.text
    assert [(s.start, s.end) for s in doccache.sentences(doc)] == [(s.start, s.end) for s in doc.sents]
    assert [(e.start, e.end, e.label_) for e in doccache.entities(doc)] == [
        (e.start, e.end, e.label_) for e in doc.ents
    ]
    assert doccache.token_texts(doc) == {t.text for t in doc}


@pytest.mark.parametrize("name", DOCS)
def test_doccache_sentence_of_equals_token_sent(name):
    doc = _doc(name)
    for tok in doc:
        sent = doccache.sentence_of(doc, tok.i)
        assert (sent.start, sent.end) == (tok.sent.start, tok.sent.end)


@pytest.mark.parametrize("name", DOCS)
def test_doccache_entities_within_equals_span_ents(name):
    doc = _doc(name)
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            expected = [(e.start, e.end) for e in doc[start:end].ents]
            assert [(e.start, e.end) for e in doccache.entities_within(doc, start, end)] == expected


def test_doccache_built_once_per_doc():
    doc = _doc("two-sentences")
    first = doccache.sentences(doc)
    assert doccache.sentences(doc) is first
    assert doccache.sentences(_doc("two-sentences")) is not first


def test_doccache_empty_doc_has_no_sentences():
    doc = Doc(VOCAB, words=[])
    assert doccache.sentences(doc) == []
    assert doccache.entities(doc) == ()
    assert doccache.doc_text(doc) == ""
