"""Plain dataclasses that travel between the stages. No Slack, no SQLAlchemy, no spaCy types here.

Every extracted item carries `start_char`/`end_char` into the article's stored cleaned text, so
`article.cleaned_text[item.start_char:item.end_char] == item.text` holds for each one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

QuoteKind = Literal["direct", "partial", "indirect", "scare"]
FindingType = Literal[
    "numeric_discrepancy",
    "updated_figure",
    "quote_wording",
    "attribution_conflict",
    "polarity_conflict",
    "corroboration",
]
EntityLabel = Literal["person", "place", "org"]


@dataclass(slots=True)
class RemovedLine:
    """A line the cleaner dropped, with the rule that dropped it (for `--explain` and the notes)."""

    line: str
    reason: str


@dataclass(slots=True)
class CleanedArticle:
    """The output of ingest + clean: what gets stored and analyzed.

    `cleaned_text` is the title line, a blank line, then the body paragraphs separated by blank lines.
    All offsets reported later point into this string.
    """

    cleaned_text: str
    title: str | None
    source: str  # file path, "stdin", "slack:<channel>", or the site name of a fetched page
    url: str | None = None
    canonical_url: str | None = None
    author: str | None = None
    published: date | None = None
    site_name: str | None = None
    language: str = "en"
    removed: list[RemovedLine] = field(default_factory=list)

    @property
    def body_start(self) -> int:
        """Offset of the first body character (after the title line and blank line)."""
        if not self.title:
            return 0
        idx = self.cleaned_text.find("\n\n")
        return idx + 2 if idx >= 0 else len(self.cleaned_text)


@dataclass(slots=True)
class Span:
    """A piece of the cleaned text."""

    text: str
    start_char: int
    end_char: int


@dataclass(slots=True)
class Quote:
    """Words attributed to someone. `text` is what stands between the marks (marks left out)."""

    text: str
    start_char: int
    end_char: int
    kind: QuoteKind
    speaker: str | None  # canonical name, or a description ("unnamed senior US defense official")
    speaker_role: str | None = None  # "Pentagon press secretary"
    speaker_mention: str | None = None  # the words in the text that named the speaker ("he", "Kirby")
    verb: str | None = None  # the reporting verb lemma ("say", "warn", "according to")
    sentence: Span | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class NumericClaim:
    """A figure: value and unit, what it measures, of what, and when."""

    text: str  # the number phrase as written ("about 5%", "$61.4 billion", "more than eight hours")
    start_char: int
    end_char: int
    value: float
    unit: str  # "%", "USD", "hour", "day", "week", "year", "people", "soldiers", "date", "" ...
    quantity: str  # what is measured: "share of territory occupied", "duration of talks"
    subject: str | None = None  # of what: "Ukraine", "talks in Jeddah"
    time: str | None = None  # the time it refers to, as said ("now", "2014", "on Tuesday"), or None
    qualifier: str | None = None  # "about", "more than", "nearly", "at least", "approximate" or None
    sentence: Span | None = None
    places: list[str] = field(default_factory=list)  # canonical places in the sentence (scope of the figure)
    subject_source: str = "sentence"  # "article": the sentence named none, the headline's main entity stands

    @property
    def quantity_key(self) -> str:
        """Indexed key for candidate retrieval: normalised quantity plus unit."""
        return f"{self.quantity.lower().strip()}|{self.unit}"


@dataclass(slots=True)
class FactClaim:
    """A sentence that asserts something checkable, with its check-worthiness score (0..1)."""

    text: str
    start_char: int
    end_char: int
    score: float
    entities: list[str] = field(default_factory=list)  # canonical names mentioned
    features: dict[str, Any] = field(default_factory=dict)
    negated: bool = False


@dataclass(slots=True)
class EntityMention:
    text: str
    start_char: int
    end_char: int


@dataclass(slots=True)
class Entity:
    """A person, place or organisation under its canonical name, with every mention."""

    name: str
    label: EntityLabel
    mentions: list[EntityMention] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article."""

    quotes: list[Quote] = field(default_factory=list)
    numbers: list[NumericClaim] = field(default_factory=list)
    claims: list[FactClaim] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    english: bool = True


@dataclass(slots=True)
class Summary:
    """The structured summary a reporter gets back."""

    headline: str | None
    source: str
    published: date | None
    lead: list[Span]
    top_claims: list[FactClaim]
    quotes_by_speaker: dict[str, list[Quote]]
    figures: list[NumericClaim]
    people: list[str]
    places: list[str]
    orgs: list[str]
    notes: list[str] = field(default_factory=list)  # e.g. "extraction is English-only"


@dataclass(slots=True)
class ClaimRef:
    """One side of a finding: the claim, its sentence, and where it came from."""

    article_id: int
    source: str
    published: date | None
    title: str | None
    sentence: str
    text: str  # the claim's own text (quote words, number phrase, or sentence)
    start_char: int
    end_char: int
    claim_id: int | None = None
    speaker: str | None = None


@dataclass(slots=True)
class Finding:
    type: FindingType
    a: ClaimRef  # the new article's side
    b: ClaimRef  # the stored article's side (or the other source, within one article)
    explanation: str
    confidence: float
    details: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @property
    def pair_key(self) -> str:
        """Order-independent key of the claim pair, used for dismissals."""
        left = f"{self.a.article_id}:{self.a.start_char}:{self.a.end_char}"
        right = f"{self.b.article_id}:{self.b.start_char}:{self.b.end_char}"
        return "|".join(sorted([left, right]))


@dataclass(slots=True)
class StoredArticle:
    """An article as the store returns it."""

    id: int
    workspace: str
    source: str
    title: str | None
    cleaned_text: str
    url: str | None
    canonical_url: str | None
    published: date | None
    story_id: int | None = None


@dataclass(slots=True)
class Report:
    """What `analyze` returns for one input: the article, what it says, and what it conflicts with."""

    article: StoredArticle
    already_seen: bool
    extraction: Extraction
    summary: Summary
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines record of `newsbot analyze --json`."""
        art = self.article
        return {
            "article": {
                "id": art.id,
                "source": art.source,
                "url": art.url,
                "title": art.title,
                "published": art.published.isoformat() if art.published else None,
                "cleaned_text": art.cleaned_text,
                "already_seen": self.already_seen,
                "story_id": art.story_id,
            },
            "summary": _jsonable(asdict(self.summary)),
            "quotes": [_jsonable(asdict(q)) for q in self.extraction.quotes],
            "claims": [_jsonable(asdict(c)) for c in self.extraction.claims]
            + [_jsonable({"kind": "numeric", **asdict(n)}) for n in self.extraction.numbers],
            "entities": [_jsonable(asdict(e)) for e in self.extraction.entities],
            "findings": [_jsonable({**asdict(f), "pair_key": f.pair_key}) for f in self.findings],
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def finding_from_dict(data: dict[str, Any]) -> Finding:
    """A `Finding` back from `asdict(finding)` JSON (dates as ISO strings)."""

    def ref(d: dict[str, Any]) -> ClaimRef:
        published = d.get("published")
        return ClaimRef(**{**d, "published": date.fromisoformat(published) if published else None})

    fields = {k: v for k, v in data.items() if k in Finding.__dataclass_fields__}
    return Finding(**{**fields, "a": ref(data["a"]), "b": ref(data["b"])})
