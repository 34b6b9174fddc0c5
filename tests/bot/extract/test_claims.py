"""Check-worthiness ranking: every sentence kept, scored and explained; negation of the main clause."""

from __future__ import annotations

import pytest

from bot.aliases import AliasTable
from bot.extract.claims import rank_claims
from bot.extract.entities import extract_entities
from bot.settings import CONFIG_DIR

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def aliases() -> AliasTable:
    return AliasTable.load(CONFIG_DIR / "aliases.json")


def _claims(nlp, aliases, text):
    doc = nlp(text)
    return rank_claims(doc, extract_entities(doc, aliases))


def _score(claims, fragment):
    return next(c.score for c in claims if fragment in c.text)


@pytest.mark.parametrize(
    ("strong", "weak"),
    [
        (
            "Pentagon press secretary John Kirby said on Tuesday that Russia had moved 20% of its troops.",
            "What's next is anyone's guess.",
        ),
        (
            "NATO ordered 8,500 soldiers to be ready, Jens Stoltenberg said.",
            "Is this really the end of it all?",
        ),
        (
            "Russia annexed Crimea in 2014, the United Nations said.",
            "Talks might perhaps resume at some point.",
        ),
        ("The Kremlin denied the report on Monday.", "It would be a truly terrible idea, clearly."),
    ],
)
def test_claims_checkable_sentence_outranks_weak_one(nlp, aliases, strong, weak):
    claims = _claims(nlp, aliases, f"{weak} {strong}")
    assert _score(claims, strong[:30]) > _score(claims, weak[:20])
    assert claims[0].text.startswith(strong[:30])


def test_claims_every_sentence_kept_sorted_with_offsets(nlp, aliases, seed_texts):
    text = seed_texts["004_99afa6acf7abe6a5.txt"]
    doc = nlp(text)
    claims = rank_claims(doc, extract_entities(doc, aliases))
    assert len(claims) >= 40
    assert [c.score for c in claims] == sorted((c.score for c in claims), reverse=True)
    for claim in claims:
        assert text[claim.start_char : claim.end_char] == claim.text
        assert 0.0 <= claim.score <= 1.0
        assert "\n" not in claim.text
        assert claim.features["base"] > 0


def test_claims_features_and_entities_explain_score(nlp, aliases):
    claims = _claims(
        nlp, aliases, "US President Joe Biden said on Tuesday that 8,500 troops were on alert in Kiev."
    )
    claim = claims[0]
    assert {"entity", "number", "date", "reporting_verb"} <= set(claim.features)
    assert claim.score == pytest.approx(sum(claim.features.values()), abs=1e-3)
    assert {"Joe Biden", "Kyiv"} <= set(claim.entities)


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("Officials in Kyiv said there is no reason to believe Russia will invade soon.", True),
        ("The Kremlin denied that troops had crossed the border.", True),
        ("Russia has never attacked a NATO member, the minister said.", True),
        ("The United States does not believe Russia will relax its offensive.", True),
        ("Russia moved troops away from Kyiv on Tuesday.", False),
        ("The United States rejected Russia's main demand on Wednesday.", False),
        ("Kirby said the troops that did not leave were repositioning.", False),
    ],
)
def test_claims_negated_main_clause(nlp, aliases, sentence, negated):
    claims = _claims(nlp, aliases, sentence)
    assert claims[0].negated is negated


def test_claims_title_line_kept_but_down_weighted(nlp, aliases):
    text = "Russia Moves Troops Near Kyiv\n\nRussia moved troops near Kyiv on Tuesday, officials said."
    claims = _claims(nlp, aliases, text)
    title = next(c for c in claims if c.start_char == 0)
    assert "title" in title.features
    assert title.score < _score(claims, "Russia moved troops")
