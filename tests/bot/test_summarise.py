"""The structured summary: lead, top claims, quotes by speaker, figures, names; offsets preserved."""

from __future__ import annotations

import pytest

from bot.aliases import AliasTable
from bot.extract import extract
from bot.models import CleanedArticle, Entity, EntityMention, Extraction, FactClaim, NumericClaim, Quote, Span
from bot.settings import CONFIG_DIR
from bot.summarise import NOT_ENGLISH_NOTE, UNATTRIBUTED, summarise

TEXT = (
    "Kyiv Says Talks Will Go On\n\n"
    "Ukraine said on Tuesday that talks with Russia would continue next week in Istanbul. "
    "“We will keep talking,” Zelensky said. Russia moved 20% of its troops, Kirby said.\n\n"
    "Photo: AFP"
)


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def _article(text: str = TEXT) -> CleanedArticle:
    return CleanedArticle(cleaned_text=text, title=text.split("\n", 1)[0], source="test")


def _quote(piece: str, kind: str, speaker: str | None) -> Quote:
    start, end = _span(TEXT, piece)
    return Quote(piece, start, end, kind, speaker)


def _number(piece: str, unit: str) -> NumericClaim:
    start, end = _span(TEXT, piece)
    return NumericClaim(piece, start, end, 20.0, unit, "share of troops moved")


def _entity(name: str, label: str, piece: str, count: int = 1) -> Entity:
    """An entity whose mentions are the first `count` occurrences of `piece` in TEXT."""
    mentions, start = [], -1
    for _ in range(count):
        start = TEXT.index(piece, start + 1)
        mentions.append(EntityMention(piece, start, start + len(piece)))
    return Entity(name, label, mentions)


def _hand_extraction() -> Extraction:
    sentences = [
        Span(TEXT[s:e], s, e)
        for s, e in [
            _span(TEXT, "Kyiv Says Talks Will Go On"),
            _span(
                TEXT, "Ukraine said on Tuesday that talks with Russia would continue next week in Istanbul."
            ),
            _span(TEXT, "“We will keep talking,” Zelensky said."),
            _span(TEXT, "Russia moved 20% of its troops, Kirby said."),
            _span(TEXT, "Photo: AFP"),
        ]
    ]
    claims = [
        FactClaim(s.text, s.start_char, s.end_char, score)
        for s, score in zip(sentences, [0.3, 0.6, 0.5, 0.9, 0.0], strict=True)
    ]
    return Extraction(
        quotes=[
            _quote("We will keep talking,", "direct", "Volodymyr Zelensky"),
            _quote("Talks", "scare", None),
        ],
        numbers=[_number("20%", "%"), _number("Tuesday", "date")],
        claims=sorted(claims, key=lambda c: -c.score),
        entities=[
            _entity("Ukraine", "place", "Ukraine"),
            _entity("Russia", "place", "Russia", count=2),
            _entity("Istanbul", "place", "Istanbul"),
            _entity("Volodymyr Zelensky", "person", "Zelensky"),
        ],
        sentences=sentences,
    )


def test_summarise_lead_skips_title_and_non_sentences():
    summary = summarise(_article(), _hand_extraction(), lead_sentences=3)
    assert [s.text for s in summary.lead][0].startswith("Ukraine said on Tuesday")
    assert all(s.start_char >= _article().body_start for s in summary.lead)
    assert "Photo: AFP" not in [s.text for s in summary.lead]


def test_summarise_top_claims_exclude_title_and_lead():
    summary = summarise(_article(), _hand_extraction(), lead_sentences=1, top_claims=5)
    texts = [c.text for c in summary.top_claims]
    assert texts[0].startswith("Russia moved 20%")
    assert "Kyiv Says Talks Will Go On" not in texts
    assert not any(t.startswith("Ukraine said") for t in texts)


def test_summarise_quotes_grouped_without_scare_and_figures_without_dates():
    summary = summarise(_article(), _hand_extraction())
    assert list(summary.quotes_by_speaker) == ["Volodymyr Zelensky"]
    assert [n.text for n in summary.figures] == ["20%"]


def test_summarise_unattributed_quote_kept_under_placeholder():
    extraction = _hand_extraction()
    extraction.quotes = [_quote("We will keep talking,", "direct", None)]
    assert list(summarise(_article(), extraction).quotes_by_speaker) == [UNATTRIBUTED]


def test_summarise_names_most_mentioned_first():
    summary = summarise(_article(), _hand_extraction())
    assert summary.places[0] == "Russia"
    assert summary.people == ["Volodymyr Zelensky"]
    assert summary.headline == "Kyiv Says Talks Will Go On"


@pytest.mark.parametrize(("english", "notes"), [(True, []), (False, [NOT_ENGLISH_NOTE])])
def test_summarise_english_only_note(english, notes):
    extraction = _hand_extraction()
    extraction.english = english
    assert summarise(_article(), extraction).notes == notes


@pytest.mark.slow
def test_summarise_seed_items_keep_offsets(nlp, seed_texts):
    aliases = AliasTable.load(CONFIG_DIR / "aliases.json")
    for text in seed_texts.values():
        article = _article(text)
        summary = summarise(article, extract(nlp(text), aliases))
        items = [*summary.lead, *summary.top_claims, *summary.figures]
        items += [q for quotes in summary.quotes_by_speaker.values() for q in quotes]
        assert summary.lead and summary.top_claims
        for item in items:
            assert text[item.start_char : item.end_char] == item.text
        assert all(q.kind != "scare" for qs in summary.quotes_by_speaker.values() for q in qs)
        assert all(s.start_char >= article.body_start for s in summary.lead)
