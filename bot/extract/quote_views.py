"""Doc-level views that quote extraction reads many times, computed once per doc.

spaCy rebuilds `Doc.text` (a join over every token) and `Doc.ents` (a walk over every token) on each
access, and `Token.sent` walks its sentence; quote extraction asks for them hundreds of times per doc.
The views are kept in `doc.user_data` under a `newsbot_` key, so a doc must not be retokenised or given
new entities or sentence bounds after quotes were first extracted from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

_KEY = "newsbot_quote_views"


@dataclass(frozen=True, slots=True)
class DocViews:
    text: str
    ents: tuple[Span, ...]
    ent_of_token: tuple[int, ...]  # token index -> index into `ents`, -1 outside every entity
    persons: tuple[Span, ...]
    sents: tuple[Span, ...]
    sent_of_token: tuple[int, ...]  # token index -> index into `sents` (empty without sentence bounds)


def doc_views(doc: Doc) -> DocViews:
    """The views of `doc`, computed on first use."""
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = _compute(doc)
        doc.user_data[_KEY] = cached
    return cached


def _compute(doc: Doc) -> DocViews:
    ents = tuple(doc.ents)
    ent_of_token = [-1] * len(doc)
    for k, ent in enumerate(ents):
        ent_of_token[ent.start : ent.end] = [k] * (ent.end - ent.start)
    sents = tuple(doc.sents) if doc.has_annotation("SENT_START") else ()
    sent_of_token = [0] * len(doc)
    for k, sent in enumerate(sents):
        sent_of_token[sent.start : sent.end] = [k] * (sent.end - sent.start)
    return DocViews(
        text=doc.text,
        ents=ents,
        ent_of_token=tuple(ent_of_token),
        persons=tuple(e for e in ents if e.label_ == "PERSON"),
        sents=sents,
        sent_of_token=tuple(sent_of_token),
    )


def doc_text(doc: Doc) -> str:
    return doc_views(doc).text


def entity_at(tok: Token, labels: frozenset[str]) -> Span | None:
    """The entity that `tok` is part of, when its label is one of `labels` (entities never overlap)."""
    views = doc_views(tok.doc)
    k = views.ent_of_token[tok.i]
    if k < 0:
        return None
    ent = views.ents[k]
    return ent if ent.label_ in labels else None


def sent_of(tok: Token) -> Span:
    """The sentence of `tok` (same as `tok.sent`, without walking the sentence)."""
    views = doc_views(tok.doc)
    if not views.sents:
        return tok.sent  # no sentence bounds: let spaCy raise its own error
    return views.sents[views.sent_of_token[tok.i]]
