"""Entities: every gold entity of each seed under its canonical name; span cleanup; surname merging."""

from __future__ import annotations

import json

import pytest

from bot.aliases import AliasTable
from bot.extract.entities import extract_entities
from bot.settings import CONFIG_DIR
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

SECTION_LABELS = {"people": "person", "places": "place", "orgs": "org"}

# Gold entities the small NER model misses and no cheap general rule recovers (reported to the lead).
KNOWN_MISSES = {
    ("002_346c2929ae381fe9.txt", "org", "Russian foreign ministry"): "lower-case name, not tagged",
    ("004_99afa6acf7abe6a5.txt", "place", "Beijing"): "only inside the FAC 'the Beijing Winter Olympics'",
}


def _gold_cases() -> list:
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    cases = []
    for seed, article in gold["articles"].items():
        for section, names in article["entities"].items():
            for name in names:
                key = (seed, SECTION_LABELS[section], name)
                miss = KNOWN_MISSES.get(key)
                marks = [pytest.mark.xfail(strict=True, reason=miss)] if miss else []
                cases.append(pytest.param(*key, marks=marks, id=f"{seed[:3]}-{name}"))
    return cases


@pytest.fixture(scope="module")
def aliases() -> AliasTable:
    return AliasTable.load(CONFIG_DIR / "aliases.json")


@pytest.fixture(scope="module")
def seed_entities(nlp, seed_texts, aliases):
    out = {}
    for name, text in seed_texts.items():
        doc = nlp(text)
        out[name] = (doc, extract_entities(doc, aliases))
    return out


@pytest.mark.parametrize(("seed", "label", "name"), _gold_cases())
def test_entities_seed_gold_entity_found_under_canonical_name(seed_entities, aliases, seed, label, name):
    _doc, entities = seed_entities[seed]
    assert (aliases.canonical(name, label), label) in {(e.name, e.label) for e in entities}


def test_entities_seed_mention_offsets_point_into_text(seed_entities):
    for doc, entities in seed_entities.values():
        for entity in entities:
            assert entity.mentions
            for m in entity.mentions:
                assert doc.text[m.start_char : m.end_char] == m.text


def test_entities_seed_gold_people_stay_apart(seed_entities, gold, aliases):
    """Dmitry Kozak and Dmitry Peskov, Putin and Zelensky...: each gold person is its own entity."""
    for seed, (_doc, entities) in seed_entities.items():
        people = {aliases.canonical(p, "person") for p in gold["articles"][seed]["entities"]["people"]}
        person_entities = {e.name: e for e in entities if e.label == "person"}
        assert people <= set(person_entities)
        mention_sets = [{(m.start_char, m.end_char) for m in person_entities[p].mentions} for p in people]
        assert sum(len(s) for s in mention_sets) == len(set().union(*mention_sets))


def _entities(nlp, aliases, text):
    doc = nlp(text)
    return {e.name: e for e in extract_entities(doc, aliases)}, doc


@pytest.mark.parametrize(
    ("text", "name", "label", "mention"),
    [
        (
            "Pentagon press secretary John Kirby said on Tuesday that talks would go on.",
            "John Kirby",
            "person",
            "John Kirby",
        ),
        (
            "President Biden told reporters on Monday that sanctions would follow.",
            "Joe Biden",
            "person",
            "Biden",
        ),
        (
            "Putin’s envoy arrived in Minsk on Friday for talks with officials.",
            "Vladimir Putin",
            "person",
            "Putin",
        ),
        ("Ships were seen in the Black Sea on Sunday near the coast.", "Black Sea", "place", "Black Sea"),
        ("Officials in Kiev said the city was calm on Thursday evening.", "Kyiv", "place", "Kiev"),
        (
            "The U.S. sent more weapons to the region last week, officials said.",
            "United States",
            "place",
            "U.S.",
        ),
    ],
)
def test_entities_span_cleanup_and_canonical_name(nlp, aliases, text, name, label, mention):
    entities, doc = _entities(nlp, aliases, text)
    assert name in entities, sorted(entities)
    assert entities[name].label == label
    assert mention in [m.text for m in entities[name].mentions]


def test_entities_surname_merged_with_full_name(nlp, aliases):
    text = (
        "Kate Bedingfield, the White House communications director, spoke on Tuesday. "
        "Bedingfield said the administration would wait. Later Bedingfield added that nothing had changed."
    )
    entities, _doc = _entities(nlp, aliases, text)
    assert "Kate Bedingfield" in entities
    assert "Bedingfield" not in entities
    assert [m.text for m in entities["Kate Bedingfield"].mentions].count("Bedingfield") >= 1


def test_entities_similar_people_in_one_article_stay_apart(nlp, aliases):
    text = (
        "Dmitry Peskov, the Kremlin spokesman, said on Monday that talks would continue. "
        "Dmitry Kozak, a top Kremlin official, said the talks were not easy."
    )
    entities, _doc = _entities(nlp, aliases, text)
    assert {"Dmitry Peskov", "Dmitry Kozak"} <= set(entities)


def test_entities_demonyms_are_not_places(nlp, aliases):
    text = "Ukrainian forces and Russian troops clashed near Kharkiv on Friday."
    entities, _doc = _entities(nlp, aliases, text)
    assert "Ukrainian" not in entities
    assert "Russian" not in entities
    assert entities["Kharkiv"].label == "place"


def test_entities_short_org_name_merged_with_longer_one(nlp, aliases):
    text = (
        "The Russian Defense Ministry said on Tuesday that troops would pull back. "
        "Later the Defense Ministry added that the move was a goodwill gesture."
    )
    entities, _doc = _entities(nlp, aliases, text)
    orgs = {name: e for name, e in entities.items() if e.label == "org"}
    assert "Defense Ministry" not in orgs
    assert len(orgs["Russian Defense Ministry"].mentions) == 2
