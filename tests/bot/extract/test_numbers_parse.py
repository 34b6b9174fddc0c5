"""Reading amount phrases without the model: `parse_amount`, number words, qualifiers, odd input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.extract.number_parse import AMOUNT_RE, read_amount, words_to_number
from bot.extract.numbers import parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a fifth", (20.0, "%")),
        ("20%", (20.0, "%")),
        ("half of the", (50.0, "%")),
        ("a quarter of", (25.0, "%")),
        ("two thirds of", (200 / 3, "%")),
        ("18 per cent", (18.0, "%")),
        ("2.5 percentage points", (2.5, "pp")),
        ("$61.4 billion", (61.4e9, "USD")),
        ("$5bn", (5e9, "USD")),
        ("€3.2m", (3.2e6, "EUR")),
        ("£10 million", (10e6, "GBP")),
        ("US$5", (5.0, "USD")),
        ("3 trillion roubles", (3e12, "RUB")),
        ("5 million dollars", (5e6, "USD")),
        ("eight hours", (8.0, "hour")),
        ("a month", (1.0, "month")),
        ("three years", (3.0, "year")),
        ("30-day", (30.0, "day")),
        ("13,000 people", (13000.0, "people")),
        ("8,500 soldiers", (8500.0, "soldier")),
        ("hundreds of thousands of troops", (1e5, "troop")),
        ("twenty-five", (25.0, "")),
        ("one hundred and twenty people", (120.0, "people")),
        ("a dozen", (12.0, "")),
        ("-5%", (-5.0, "%")),
        ("one in five", (20.0, "%")),
        ("two in every three", (200 / 3, "%")),
        ("10 in 2014", (10.0, "")),
        ("30 kilometres", (30.0, "km")),
        ("5,000 tonnes", (5000.0, "tonne")),
        ("٣", (3.0, "")),
    ],
)
def test_parse_amount_value_and_unit(text: str, expected: tuple[float, str]) -> None:
    result = parse_amount(text)
    assert result is not None
    assert result[0] == pytest.approx(expected[0])
    assert result[1] == expected[1]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("about 5%", "about"),
        ("around 5%", "about"),
        ("roughly 5%", "about"),
        ("some 200", "about"),
        ("nearly 40", "nearly"),
        ("almost 40", "nearly"),
        ("more than eight hours", "more than"),
        ("over 1,000", "more than"),
        ("at least 12", "at least"),
        ("fewer than 10", "less than"),
        ("up to 5,000", "up to"),
        ("hundreds of thousands of", "approximate"),
        ("tens of thousands of", "approximate"),
        ("dozens of", "approximate"),
        ("$61.4 billion", None),
    ],
)
def test_parse_qualifier_normalised(text: str, qualifier: str | None) -> None:
    match = AMOUNT_RE.search(text)
    assert match is not None and match.start() == 0
    amount = read_amount(match)
    assert amount is not None
    assert amount.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eight", 8),
        ("twenty-five", 25),
        ("one hundred and twenty", 120),
        ("three thousand", 3000),
        ("x", None),
    ],
)
def test_parse_words_to_number(text: str, value: float | None) -> None:
    assert words_to_number(text) == value


@pytest.mark.parametrize("text", ["", "no number here", "1,2,3", "Formula", "a", "the talks", "G7"])
def test_parse_amount_none_for_non_amounts(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["9" * 400, "1" + ",000" * 10, "10:30", "F-16", "21st"])
def test_parse_amount_odd_input_no_huge_or_partial_values(text: str) -> None:
    result = parse_amount(text)
    assert result is None or abs(result[0]) <= 1e18


@given(st.text(max_size=60))
def test_parse_amount_never_crashes(text: str) -> None:
    result = parse_amount(text)
    assert result is None or (isinstance(result[0], float) and isinstance(result[1], str))
