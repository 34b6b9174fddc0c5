"""Flatten an article's extraction into `claims` rows and their `claim_keys` look-up keys."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bot.compare.keys import claim_keys
from bot.models import Entity, Extraction, FactClaim, NumericClaim, Quote, Span
from bot.store.schema import ArticleRow, ClaimKeyRow, ClaimRow

# A quote is stored sentence by sentence, so one long quote can meet the same words split over two quotes.
_QUOTE_SENTENCE_END = re.compile(r"(?<=[.?!])[\"”’]?\s+(?=[\"“‘A-Z])")
# Fact sentences shorter than this (words) say too little to compare.
MIN_FACT_WORDS = 4


def index_claims(
    session: Session, workspace: str, article: ArticleRow, extraction: Extraction
) -> list[ClaimRow]:
    """Write the article's quotes, figures and factual sentences as claim rows, with their look-up keys."""
    text = article.cleaned_text
    sentences = sorted(extraction.sentences, key=lambda s: s.start_char)
    rows: list[ClaimRow] = []
    for quote in extraction.quotes:
        rows += _quote_rows(workspace, article.id, text, quote, sentences, extraction.entities)
    for number in extraction.numbers:
        rows.append(_number_row(workspace, article.id, text, number, sentences, extraction.entities))
    for claim in _fact_claims(extraction):
        if len(claim.text.split()) >= MIN_FACT_WORDS:
            rows.append(_fact_row(workspace, article.id, text, claim, sentences, extraction.entities))
    session.add_all(rows)
    session.flush()
    keys = [
        {"workspace": workspace, "key": key, "claim_id": row.id, "article_id": article.id}
        for row in rows
        for key in claim_keys(
            row.kind,
            row.text,
            quantity_key=row.quantity_key,
            subject=row.subject,
            entities=row.data.get("entities", []) if row.kind == "fact" else [],
            value=row.value if row.kind == "numeric" else None,
        )
    ]
    if keys:
        session.execute(insert(ClaimKeyRow), keys)  # one executemany, no ORM objects to track
    return rows


def _fact_claims(extraction: Extraction) -> list[FactClaim]:
    """The ranked claims, or every sentence as an unscored claim when the ranker gave none."""
    if extraction.claims:
        return extraction.claims
    return [
        FactClaim(text=s.text, start_char=s.start_char, end_char=s.end_char, score=0.0)
        for s in extraction.sentences
    ]


def _quote_rows(
    workspace: str, article_id: int, text: str, quote: Quote, sentences: list[Span], entities: list[Entity]
) -> list[ClaimRow]:
    rows = []
    pieces = _pieces(quote.text) if quote.kind in ("direct", "partial") else [(0, len(quote.text))]
    for i, (lo, hi) in enumerate(pieces):
        start, end = quote.start_char + lo, quote.start_char + hi
        sent = _enclosing(text, sentences, start, end, quote.sentence)
        rows.append(
            ClaimRow(
                article_id=article_id,
                workspace=workspace,
                kind="quote",
                subkind=quote.kind,
                text=text[start:end],
                start_char=start,
                end_char=end,
                sentence=sent.text,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
                speaker=(quote.speaker or None) and quote.speaker[:300],
                score=quote.confidence,
                data=_data(quote, piece=i, venues=_venues_in(text, entities, sent)),
            )
        )
    return rows


def _number_row(
    workspace: str,
    article_id: int,
    text: str,
    number: NumericClaim,
    sentences: list[Span],
    entities: list[Entity],
) -> ClaimRow:
    sent = _enclosing(text, sentences, number.start_char, number.end_char, number.sentence)
    return ClaimRow(
        article_id=article_id,
        workspace=workspace,
        kind="numeric",
        subkind="date" if number.unit == "date" else None,
        text=number.text,
        start_char=number.start_char,
        end_char=number.end_char,
        sentence=sent.text,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        quantity_key=number.quantity_key[:300],
        subject=(number.subject or None) and number.subject[:300],
        value=number.value,
        unit=number.unit[:32],
        time_ref=(number.time or None) and number.time[:200],
        data=_data(number, venues=_venues_in(text, entities, sent)),
    )


def _fact_row(
    workspace: str,
    article_id: int,
    text: str,
    claim: FactClaim,
    sentences: list[Span],
    entities: list[Entity],
) -> ClaimRow:
    span = Span(claim.text, claim.start_char, claim.end_char)
    sent = _enclosing(text, sentences, claim.start_char, claim.end_char, span)
    return ClaimRow(
        article_id=article_id,
        workspace=workspace,
        kind="fact",
        text=claim.text,
        start_char=claim.start_char,
        end_char=claim.end_char,
        sentence=sent.text,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        negated=claim.negated,
        score=claim.score,
        data=_data(
            claim,
            venues=_venues_in(text, entities, span),
            entities=_names_in(entities, span) or claim.entities,
            entity_labels=_labels_in(entities, span),
        ),
    )


def _data(item: Any, **extra: Any) -> dict[str, Any]:
    from bot.models import _jsonable

    return _jsonable({**asdict(item), **extra})


def _pieces(quote_text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a quote's text."""
    bounds, start = [], 0
    for m in _QUOTE_SENTENCE_END.finditer(quote_text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(quote_text)))
    return [(lo, hi) for lo, hi in bounds if quote_text[lo:hi].strip()]


def _enclosing(text: str, sentences: list[Span], start: int, end: int, fallback: Span | None) -> Span:
    """The sentence(s) of the article that hold [start, end): their union, or the given sentence."""
    hits = [s for s in sentences if s.start_char < end and s.end_char > start]
    if hits:
        lo, hi = hits[0].start_char, max(s.end_char for s in hits)
        return Span(text[lo:hi], lo, hi)
    if fallback is not None:
        return fallback
    return Span(text[start:end], start, end)


def _names_in(entities: list[Entity], span: Span, label: str | None = None) -> list[str]:
    return sorted(
        {
            e.name
            for e in entities
            if (label is None or e.label == label)
            and any(span.start_char <= m.start_char and m.end_char <= span.end_char for m in e.mentions)
        }
    )


def _labels_in(entities: list[Entity], span: Span) -> dict[str, str]:
    """Canonical name -> label of the entities mentioned inside the span."""
    return {name: kind for kind in ("person", "place", "org") for name in _names_in(entities, span, kind)}


def _venues_in(text: str, entities: list[Entity], span: Span) -> list[str]:
    """Places named as where something happens ("in Jeddah", "at Dolmabahce Palace") inside the span.

    Countries named as actors ("Russia said") are not venues: two sentences about Russia are not two
    different events because one also names the US.
    """
    return sorted(
        {
            e.name
            for e in entities
            if e.label == "place"
            and any(
                span.start_char <= m.start_char
                and m.end_char <= span.end_char
                and _LOCATIVE.search(text[max(0, m.start_char - 12) : m.start_char])
                for m in e.mentions
            )
        }
    )


_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?$", re.IGNORECASE)
