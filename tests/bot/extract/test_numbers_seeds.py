"""Figures on the five seed articles against the gold answer key.

The docs are parsed from the raw seed text (the gold fragments are substrings of it), so these tests do
not depend on the cleaner; offsets are checked against whatever text the doc holds.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from bot.extract.numbers import extract_numbers
from bot.models import NumericClaim

SEED_NAMES = [f"00{i}" for i in range(5)]
GOLD_FILE = Path(__file__).resolve().parents[3] / "seeds" / "gold.json"
MONTH_NUMBERS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


@pytest.fixture(scope="module")
def seed_claims(nlp, seed_texts) -> dict[str, tuple[str, list[NumericClaim]]]:
    """Doc text and claims by seed file name."""
    out = {}
    for name, text in seed_texts.items():
        doc = nlp(text)
        out[name] = (doc.text, extract_numbers(doc))
    return out


def _file(prefix: str, names) -> str:
    return next(n for n in names if n.startswith(prefix))


def gold_date(value: str) -> dict[str, int]:
    """Parts of a gold date string: "24 February", "January 20", "Jan. 21", "February 2022", "2014"."""
    parts: dict[str, int] = {}
    for word in re.findall(r"[A-Za-z]+|\d+", value):
        if word[:3].lower() in MONTH_NUMBERS:
            parts["month"] = MONTH_NUMBERS[word[:3].lower()]
        elif word.isdigit():
            parts["year" if len(word) == 4 else "day"] = int(word)
    if value.lower().startswith("mid"):
        parts.setdefault("day", 15)
    return parts


def gold_amount(value: str) -> tuple[float, str | None]:
    """Value and unit of a gold figure: "5%", "2 weeks", "$61.4 billion", "13,000 people", "4"."""
    if value.startswith("hundreds of thousands"):
        return 1e5, value.split()[-1].rstrip("s")  # lower bound, by the extractor's convention
    match = re.fullmatch(r"(\$)?([\d,.]+)\s*(billion|million)?\s*(%|[a-z]+)?", value)
    assert match, value
    number = float(match[2].replace(",", "")) * {"billion": 1e9, "million": 1e6, None: 1}[match[3]]
    unit = "USD" if match[1] else match[4]
    if unit and unit not in ("%", "people"):
        unit = unit.removesuffix("s")
    return number, unit


def matches_gold(claim: NumericClaim, gold_value: str) -> bool:
    if (
        re.search(r"[A-Za-z]{3}", gold_value)
        and not re.search(r"\d[\d,.]*\s*[a-z]|hundreds", gold_value)
        or (re.fullmatch(r"\d{4}", gold_value))
    ):
        if claim.unit != "date":
            return False
        parts = gold_date(gold_value)
        if "year" in parts and int(claim.value) != parts["year"]:
            return False
        if "month" in parts and "year" not in parts:
            doy = date(2000, parts["month"], parts.get("day", 1)).timetuple().tm_yday
            return claim.value == pytest.approx(doy, abs=0 if "day" in parts else 31)
        return True
    value, unit = gold_amount(gold_value)
    return claim.value == pytest.approx(value) and (unit is None or claim.unit == unit)


def gold_cases() -> list[tuple[str, dict]]:
    """(seed file, gold figure) pairs, read at collection time so each gets its own test id."""
    gold = json.loads(GOLD_FILE.read_text(encoding="utf-8"))
    return [(name, entry) for name, art in gold["articles"].items() for entry in art["numeric_claims"]]


def find_gold(text: str, claims: list[NumericClaim], entry: dict) -> NumericClaim | None:
    start = text.find(entry["sentence_fragment"])
    assert start >= 0, entry["sentence_fragment"]
    end = start + len(entry["sentence_fragment"])
    overlapping = [c for c in claims if c.start_char < end and start < c.end_char]
    return next((c for c in overlapping if matches_gold(c, entry["value"])), None)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "entry"), gold_cases(), ids=[f"{n[:3]}-{e['value']}" for n, e in gold_cases()]
)
def test_numbers_gold_figure_found(name: str, entry: dict, seed_claims) -> None:
    text, claims = seed_claims[name]
    claim = find_gold(text, claims, entry)
    assert claim is not None, (name, entry, [(c.text, c.value, c.unit) for c in claims])
    assert claim.qualifier == entry["qualifier"]


@pytest.mark.slow
@pytest.mark.parametrize("prefix", SEED_NAMES)
def test_numbers_offsets_point_into_text(prefix: str, seed_claims) -> None:
    text, claims = seed_claims[_file(prefix, seed_claims)]
    assert claims
    for claim in claims:
        assert text[claim.start_char : claim.end_char] == claim.text
        assert claim.sentence is not None
        assert text[claim.sentence.start_char : claim.sentence.end_char] == claim.sentence.text
        assert claim.sentence.start_char <= claim.start_char < claim.end_char <= claim.sentence.end_char
    assert [c.start_char for c in claims] == sorted(c.start_char for c in claims)


def _claim_at(seed_claims, prefix: str, fragment: str, unit: str) -> NumericClaim:
    text, claims = seed_claims[_file(prefix, seed_claims)]
    start = text.find(fragment)
    return next(c for c in claims if start <= c.start_char < start + len(fragment) and c.unit == unit)


@pytest.mark.slow
def test_numbers_territory_shares_match_across_articles(seed_claims) -> None:
    five = _claim_at(seed_claims, "002", "Russia now occupies about 5% of Ukraine’s land", "%")
    eighteen = _claim_at(seed_claims, "003", "the 18% of Ukrainian territory it has seized", "%")
    assert (five.value, eighteen.value) == (5.0, 18.0)
    assert five.quantity_key == eighteen.quantity_key == "share of territory occupied|%"
    assert five.subject == eighteen.subject == "Ukraine"
    assert five.time == "now"


@pytest.mark.slow
def test_numbers_talk_durations_same_quantity_different_places(seed_claims) -> None:
    jeddah = _claim_at(seed_claims, "002", "after more than eight hours of discussions", "hour")
    paris = _claim_at(seed_claims, "004", "met for more than eight hours in Paris", "hour")
    assert jeddah.quantity_key == paris.quantity_key == "duration of talks|hour"
    assert "Jeddah" in jeddah.places and "Paris" in paris.places
    assert not set(jeddah.places) & set(paris.places)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("prefix", "fragment", "unit", "quantity"),
    [
        ("002", "Washington’s plan of a 30-day ceasefire", "day", "duration of ceasefire"),
        ("003", "a $61.4 billion aid package", "USD", "aid package size"),
        ("003", "40% of its national budget", "%", "share of national budget"),
        ("004", "killed more than 13,000 people", "people", "death toll"),
        ("004", "NATO ordered 8,500 soldiers", "soldier", "troop count"),
        ("004", "hundreds of thousands of troops", "troop", "troop count"),
        ("002", "leave four areas", "area", "number of regions"),
        ("002", "Three years after launching a full-scale invasion", "year", "time since invasion"),
        ("004", "A month after Russia placed widespread security demands", "month", "time since demands"),
        ("000", "will meet again after two weeks", "week", "time until talks"),
    ],
)
def test_numbers_seed_quantity(prefix: str, fragment: str, unit: str, quantity: str, seed_claims) -> None:
    assert _claim_at(seed_claims, prefix, fragment, unit).quantity == quantity


@pytest.mark.slow
@pytest.mark.parametrize(
    ("prefix", "fragment", "subject", "time"),
    [
        ("003", "40% of its national budget", "Russia", None),
        ("004", "killed more than 13,000 people since 2014", None, "since 2014"),
        ("004", "NATO ordered 8,500 soldiers", "NATO", None),
    ],
)
def test_numbers_seed_subject_and_time(
    prefix: str, fragment: str, subject: str | None, time: str | None, seed_claims
) -> None:
    claim = next(
        c
        for c in seed_claims[_file(prefix, seed_claims)][1]
        if c.unit != "date" and c.sentence and fragment in c.sentence.text and c.text in fragment
    )
    assert claim.subject == subject
    assert claim.time == time
