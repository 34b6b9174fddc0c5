"""Per-doc lookups for quote extraction on top of `doccache`: which entity a token is part of, the PERSON
entities, a token's sentence. Kept in `doc.user_data` under `newsbot_quote_` keys (same assumption as
`doccache`: the doc is not changed after parsing).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.extract.doccache import entities, sentence_of


def _entity_of_token(doc: Doc) -> list[int]:
    """Token index -> index into `entities(doc)`, -1 outside every entity (entities never overlap)."""
    cached = doc.user_data.get("newsbot_quote_ent_of_token")
    if cached is None:
        cached = [-1] * len(doc)
        for k, ent in enumerate(entities(doc)):
            cached[ent.start : ent.end] = [k] * (ent.end - ent.start)
        doc.user_data["newsbot_quote_ent_of_token"] = cached
    return cached


def persons(doc: Doc) -> tuple[Span, ...]:
    """The PERSON entities of `doc`, in order."""
    cached = doc.user_data.get("newsbot_quote_persons")
    if cached is None:
        cached = tuple(e for e in entities(doc) if e.label_ == "PERSON")
        doc.user_data["newsbot_quote_persons"] = cached
    return cached


def entity_at(tok: Token, labels: frozenset[str]) -> Span | None:
    """The entity that `tok` is part of, when its label is one of `labels`."""
    k = _entity_of_token(tok.doc)[tok.i]
    if k < 0:
        return None
    ent = entities(tok.doc)[k]
    return ent if ent.label_ in labels else None


def sent_of(tok: Token) -> Span:
    """`tok.sent` without walking the sentence."""
    return sentence_of(tok.doc, tok.i)
