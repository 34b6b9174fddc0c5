"""Hand-built articles for the comparison tests: text plus extraction items located by their words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from bot.compare import find_findings, index_claims
from bot.models import Entity, EntityMention, Extraction, FactClaim, Finding, NumericClaim, Quote, Span
from bot.store import Store
from bot.store.schema import ArticleRow


@dataclass
class Fig:
    """A figure to locate in the text: its words, value, unit, quantity, subject, time and qualifier."""

    words: str
    value: float
    unit: str
    quantity: str
    subject: str | None = None
    time: str | None = None
    qualifier: str | None = None


@dataclass
class Said:
    """A quote to locate in the text (the words between the marks) and who said it."""

    words: str
    speaker: str | None
    kind: str = "direct"


@dataclass
class Art:
    text: str
    source: str = "example.org"
    published: date | None = None
    figures: list[Fig] = field(default_factory=list)
    quotes: list[Said] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # place names to mark wherever they occur


SHARE = "share of territory occupied"  # a quantity key the figure tests share


def open_store(tmp_path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'compare.sqlite'}")


def extraction_of(art: Art) -> Extraction:
    """Sentences split on ". ", each a fact claim; figures, quotes and places located by their words."""
    text = art.text
    sentences, start = [], 0
    for piece in text.split(". "):
        end = start + len(piece) + (1 if start + len(piece) < len(text) else 0)
        sentences.append(Span(text[start:end], start, end))
        start = end + 1
    numbers = []
    for fig in art.figures:
        i = _find(text, fig.words)
        numbers.append(
            NumericClaim(
                fig.words, i, i + len(fig.words), fig.value, fig.unit, fig.quantity, fig.subject, fig.time,
                fig.qualifier,
            )
        )  # fmt: skip
    quotes = []
    for said in art.quotes:
        i = _find(text, said.words)
        quotes.append(Quote(said.words, i, i + len(said.words), said.kind, said.speaker))  # type: ignore[arg-type]
    entities = [
        Entity(name, "place", [EntityMention(name, i, i + len(name)) for i in _all(text, name)])
        for name in art.places
    ]
    claims = [FactClaim(s.text, s.start_char, s.end_char, 0.5) for s in sentences]
    return Extraction(quotes=quotes, numbers=numbers, claims=claims, entities=entities, sentences=sentences)


def add(session: Session, art: Art, workspace: str = "w") -> tuple[ArticleRow, list[Finding]]:
    """Store an article, index it and return its findings (the pipeline's order, without the Store)."""
    row = ArticleRow(
        workspace=workspace,
        source=art.source,
        source_key=art.source,
        url=f"https://{art.source}/{abs(hash((art.source, art.text)))}",
        title=None,
        published=art.published,
        cleaned_text=art.text,
        text_hash=str(abs(hash((art.source, art.text)))),
    )
    session.add(row)
    session.flush()
    claims = index_claims(session, workspace, row, extraction_of(art))
    return row, find_findings(session, workspace, row, claims)


def conflicts(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.type != "corroboration"]


def _find(text: str, words: str) -> int:
    i = text.find(words)
    assert i >= 0, f"{words!r} not in text"
    return i


def _all(text: str, name: str) -> list[int]:
    out, i = [], text.find(name)
    while i >= 0:
        out.append(i)
        i = text.find(name, i + 1)
    return out
