"""The alias table: exact aliases, guarded fuzzy matching, workspace overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.aliases import AliasTable, clean_name, fold
from bot.settings import CONFIG_DIR

SECTION_LABELS = {"people": "person", "places": "place", "orgs": "org"}


@pytest.fixture(scope="module")
def shared() -> AliasTable:
    return AliasTable.load(CONFIG_DIR / "aliases.json")


def _table(*known: tuple[str, str]) -> AliasTable:
    """A table holding only the given (canonical name, label) pairs, as if seen in the store."""
    table = AliasTable()
    for name, label in known:
        table.add(name, name, label)
    return table


def test_aliases_gold_variants_resolve_to_canonical(shared, gold):
    for canonical, *variants in gold["aliases"]:
        for variant in variants:
            assert shared.canonical(variant) == canonical, variant


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        ("U.S.", "place", "United States"),
        ("the United States", "place", "United States"),
        ("Kiev", "place", "Kyiv"),
        ("Biden", "person", "Joe Biden"),
        ("Zelenskiy", "person", "Volodymyr Zelensky"),
        ("the Kremlin’s", "org", "Kremlin"),
        ("NATO", None, "NATO"),
    ],
)
def test_aliases_exact_match_folds_case_punctuation_and_the(shared, name, label, expected):
    assert shared.canonical(name, label) == expected


@pytest.mark.parametrize(
    ("known", "variant", "label"),
    [
        ("Dmytro Kuleba", "Dmitro Kuleba", "person"),
        ("Hanna Maliar", "Hanna Mallar", "person"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskiy", "person"),
        ("Volodymyr Zelensky", "Volodymir Zelenskyy", "person"),
        ("Zelensky", "Zelenskiy", "person"),
        ("Donbas", "Donbass", "place"),
        ("Dnipropetrovsk", "Dnepropetrovsk", "place"),
    ],
)
def test_aliases_fuzzy_merges_spelling_variants(known, variant, label):
    assert _table((known, label)).canonical(variant, label) == known


@pytest.mark.parametrize(
    ("known", "other", "label"),
    [
        ("Dmitry Peskov", "Dmitry Kozak", "person"),
        ("Joe Biden", "Jill Biden", "person"),
        ("Vladimir Putin", "Volodymyr Zelensky", "person"),
        ("John Kirby", "John Kerry", "person"),
        ("Austria", "Australia", "place"),
        ("Gambia", "Zambia", "place"),
        ("Iran", "Iraq", "place"),
        ("Slovakia", "Slovenia", "place"),
    ],
)
def test_aliases_fuzzy_keeps_different_names_apart(known, other, label):
    assert _table((known, label)).canonical(other, label) == other


def test_aliases_fuzzy_needs_same_entity_type():
    table = _table(("Jordan", "place"))
    assert table.canonical("Jordann", "person") == "Jordann"
    assert table.canonical("Jordann", "place") == "Jordan"


def test_aliases_fuzzy_ambiguous_match_is_no_match():
    table = _table(("Dmitry Ivanov", "person"), ("Dmitrij Ivanov", "person"))
    assert table.canonical("Dmitri Ivanov", "person") == "Dmitri Ivanov"


def test_aliases_gold_people_of_an_article_never_merge(shared, gold):
    for article in gold["articles"].values():
        people = article["entities"]["people"]
        assert len({shared.canonical(p, "person") for p in people}) == len(people), people


def test_aliases_all_gold_people_stay_distinct_when_seen_in_store(shared, gold):
    """Every gold person added to the table as already stored; none absorbs another."""
    people = [p for article in gold["articles"].values() for p in article["entities"]["people"]]
    names = {shared.canonical(p, "person") for p in people}
    table = AliasTable.load(CONFIG_DIR / "aliases.json")
    for name in names:
        table.add(name, name, "person")
    assert {table.canonical(n, "person") for n in names} == names


def test_aliases_workspace_extra_overrides_shared_table(tmp_path: Path):
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"places": {"Kyiv": ["Kiev"]}, "people": {}, "orgs": {}}), encoding="utf-8")
    table = AliasTable.load(path, extra=[("Kiev", "Kiev Oblast"), ("POTUS", "Joe Biden")])
    assert table.canonical("Kiev", "place") == "Kiev Oblast"
    assert table.canonical("POTUS") == "Joe Biden"
    assert table.canonical("Kyiv", "place") == "Kyiv"


def test_aliases_add_makes_a_store_name_known():
    table = AliasTable()
    assert table.canonical("Oleksii Reznikov", "person") == "Oleksii Reznikov"
    table.add("Olexiy Reznikov", "Oleksii Reznikov", "person")
    assert table.canonical("Olexiy Reznikov", "person") == "Oleksii Reznikov"
    assert table.label_of("Olexiy Reznikov") == "person"


@pytest.mark.parametrize(
    ("raw", "cleaned", "folded"),
    [
        ("the Black Sea", "Black Sea", "black sea"),
        ("Putin’s", "Putin", "putin"),
        ("U.S.", "U.S.", "us"),
        ("“White Bear", "White Bear", "white bear"),
        ("Dolmabahçe Palace", "Dolmabahçe Palace", "dolmabahce palace"),
    ],
)
def test_aliases_clean_and_fold(raw, cleaned, folded):
    assert clean_name(raw) == cleaned
    assert fold(raw) == folded


def test_aliases_shared_table_sections_hold_known_labels(shared):
    data = json.loads((CONFIG_DIR / "aliases.json").read_text(encoding="utf-8"))
    for section, label in SECTION_LABELS.items():
        for canonical in data[section]:
            assert shared.label_of(canonical) == label, canonical


@pytest.mark.parametrize(
    ("add", "expected"),
    [
        (lambda t: t.add("Kiev", "Kyiv", "place"), "Kyiv"),
        (lambda t: t.add_workspace("Kiev", "Kyiv"), "Kyiv"),
        (lambda t: t.add("Kiev Oblast", "Kyiv Oblast", "place"), "Kiev"),
    ],
    ids=["shared-alias", "workspace-alias", "unrelated-alias"],
)
def test_aliases_canonical_answers_follow_later_additions(add, expected):
    table = _table(("Kyiv", "place"))
    assert table.canonical("Kiev", "place") == "Kiev"  # answered (and remembered) before the alias exists
    add(table)
    assert table.canonical("Kiev", "place") == expected
