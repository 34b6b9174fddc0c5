"""The structured summary a reporter gets back: what the article says, who said what, which figures.

Choices:
- the lead is the first `lead_sentences` real body sentences (not the title, not a caption or a
  prompt: at least `MIN_LEAD_WORDS` words, containing lower-case prose);
- top claims are the best-ranked check-worthy sentences that are neither the title nor in the lead
  (the lead is already shown, so they add what it does not say);
- quotes are grouped by speaker in order of first appearance; scare quotes are left out; a quote
  nobody is credited with goes under `UNATTRIBUTED`;
- figures are the numeric claims in text order, leaving out bare dates (unit "date"): a date is when
  something happened, and each figure already carries its own `time`;
- people, places and orgs are canonical names, most-mentioned first (ties: first mentioned first).
Every item keeps its offsets into `article.cleaned_text`.
"""

from __future__ import annotations

import re

from bot.models import CleanedArticle, Entity, EntityLabel, Extraction, FactClaim, Quote, Span, Summary

NOT_ENGLISH_NOTE = "Extraction is English-only; the article was stored and cleaned but not analyzed."
UNATTRIBUTED = "unattributed"
MIN_LEAD_WORDS = 6

_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z0-9])")
_WORD = re.compile(r"[^\W\d_]+")


def summarise(
    article: CleanedArticle, extraction: Extraction, *, top_claims: int = 5, lead_sentences: int = 3
) -> Summary:
    """Build the Summary of one analyzed article."""
    lead = lead_spans(article, extraction.sentences, lead_sentences)
    notes = [] if extraction.english else [NOT_ENGLISH_NOTE]
    return Summary(
        headline=article.title,
        source=article.source,
        published=article.published,
        lead=lead,
        top_claims=_top_claims(extraction.claims, lead, article.body_start, top_claims),
        quotes_by_speaker=quotes_by_speaker(extraction.quotes),
        figures=[n for n in sorted(extraction.numbers, key=lambda n: n.start_char) if n.unit != "date"],
        people=names_by_mentions(extraction.entities, "person"),
        places=names_by_mentions(extraction.entities, "place"),
        orgs=names_by_mentions(extraction.entities, "org"),
        notes=notes,
    )


def lead_spans(article: CleanedArticle, sentences: list[Span], count: int) -> list[Span]:
    """The first `count` real sentences of the body, as spans of the cleaned text."""
    text = article.cleaned_text
    pieces = [p for s in sentences for p in _split_lines(text, s.start_char, s.end_char)]
    if not pieces:
        pieces = _split_sentences(text, article.body_start)
    body = [p for p in pieces if p.start_char >= article.body_start and _is_real_sentence(p.text)]
    return body[:count]


def _split_lines(text: str, start: int, end: int) -> list[Span]:
    """One sentence span cut at line breaks and trimmed (spaCy sometimes runs a heading into a sentence)."""
    out: list[Span] = []
    offset = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            s = offset + line.index(stripped)
            out.append(Span(stripped, s, s + len(stripped)))
        offset += len(line) + 1
    return out


def _split_sentences(text: str, body_start: int) -> list[Span]:
    """Fallback when no sentence spans were passed: a plain punctuation split of the body."""
    out: list[Span] = []
    for para in re.finditer(r"[^\n]+", text[body_start:]):
        para_start = body_start + para.start()
        pos = 0
        for piece in _SENTENCE_END.split(para.group()):
            idx = para.group().index(piece, pos)
            pos = idx + len(piece)
            stripped = piece.strip()
            if stripped:
                s = para_start + idx + piece.index(stripped)
                out.append(Span(stripped, s, s + len(stripped)))
    return out


def _is_real_sentence(text: str) -> bool:
    words = _WORD.findall(text)
    return len(words) >= MIN_LEAD_WORDS and any(w.islower() for w in words)


def _top_claims(claims: list[FactClaim], lead: list[Span], body_start: int, count: int) -> list[FactClaim]:
    def in_lead(claim: FactClaim) -> bool:
        return any(claim.start_char < s.end_char and s.start_char < claim.end_char for s in lead)

    ranked = sorted(claims, key=lambda c: (-c.score, c.start_char))
    return [c for c in ranked if c.start_char >= body_start and not in_lead(c)][:count]


def quotes_by_speaker(quotes: list[Quote]) -> dict[str, list[Quote]]:
    """Speaker → their quotes in text order; scare quotes left out."""
    grouped: dict[str, list[Quote]] = {}
    for quote in sorted(quotes, key=lambda q: q.start_char):
        if quote.kind == "scare":
            continue
        grouped.setdefault(quote.speaker or UNATTRIBUTED, []).append(quote)
    return grouped


def names_by_mentions(entities: list[Entity], label: EntityLabel) -> list[str]:
    """Canonical names of one type, most-mentioned first, then by first mention."""
    chosen = [e for e in entities if e.label == label]
    chosen.sort(key=lambda e: (-len(e.mentions), min((m.start_char for m in e.mentions), default=0)))
    return [e.name for e in chosen]
