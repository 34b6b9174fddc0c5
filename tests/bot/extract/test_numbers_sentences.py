"""Figures in hand-written sentences: values, units, qualifiers, quantities, time references, non-figures."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.extract.numbers import extract_numbers
from bot.models import NumericClaim

pytestmark = pytest.mark.slow


def figures(nlp, text: str) -> list[NumericClaim]:
    doc = nlp(text)
    claims = extract_numbers(doc)
    for claim in claims:
        assert doc.text[claim.start_char : claim.end_char] == claim.text
    return claims


def only(nlp, text: str, unit: str | None = None) -> NumericClaim:
    claims = [c for c in figures(nlp, text) if unit is None or c.unit == unit]
    assert len(claims) == 1, [(c.text, c.unit) for c in claims]
    return claims[0]


def test_numbers_fraction_and_percent_compare_equal(nlp) -> None:
    fifth = only(nlp, "Russia controls a fifth of Ukraine's territory.")
    percent = only(nlp, "Russia controls 20% of Ukrainian territory.")
    assert (fifth.value, fifth.unit, fifth.text) == (20.0, "%", "a fifth")
    assert fifth.quantity_key == percent.quantity_key == "share of territory occupied|%"
    assert fifth.subject == percent.subject == "Ukraine"


@pytest.mark.parametrize(
    ("text", "phrase", "value", "unit", "qualifier"),
    [
        ("About 300 people attended the rally.", "About 300 people", 300, "people", "about"),
        ("Nearly 40 civilians were injured.", "Nearly 40 civilians", 40, "civilian", "nearly"),
        (
            "More than 1,000 residents fled the city.",
            "More than 1,000 residents",
            1000,
            "resident",
            "more than",
        ),
        ("The talks lasted more than eight hours.", "more than eight hours", 8, "hour", "more than"),
        ("At least 12 soldiers died.", "At least 12 soldiers", 12, "soldier", "at least"),
        ("Up to 5,000 missiles were fired.", "Up to 5,000 missiles", 5000, "missile", "up to"),
        ("Tens of thousands of people fled.", "Tens of thousands of people", 1e4, "people", "approximate"),
        ("Congress debated a $61.4 billion aid package.", "$61.4 billion", 61.4e9, "USD", None),
        ("The EU approved a €50 billion aid package.", "€50 billion", 50e9, "EUR", None),
        ("Britain pledged £2.5bn in military aid.", "£2.5bn", 2.5e9, "GBP", None),
        ("Russia spent 3 trillion roubles on defence.", "3 trillion roubles", 3e12, "RUB", None),
        ("The war has killed 13,000 people.", "13,000 people", 13000, "people", None),
        ("Output fell 2.5% last year.", "2.5%", 2.5, "%", None),
        ("Unemployment was 7.5 percent.", "7.5 percent", 7.5, "%", None),
    ],
)
def test_numbers_value_unit_qualifier(
    nlp, text: str, phrase: str, value: float, unit: str, qualifier: str | None
) -> None:
    claim = only(nlp, text, unit)
    assert claim.text == phrase
    assert claim.value == pytest.approx(value)
    assert claim.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "unit", "quantity"),
    [
        ("The war has killed 13,000 people.", "people", "death toll"),
        ("NATO put 8,500 troops on alert.", "troop", "troop count"),
        ("Congress debated a $61.4 billion aid package.", "USD", "aid package size"),
        ("Russia allocates 40% of its national budget to the army.", "%", "share of national budget"),
        ("The delegations met for eight hours in Geneva.", "hour", "duration of talks"),
        ("They agreed a 30-day ceasefire.", "day", "duration of ceasefire"),
        ("After six hours of negotiations the sides parted.", "hour", "duration of talks"),
        ("Inflation rose 3% in March.", "%", "change in inflation"),
        ("Inflation rose to 7.5 percent in March.", "%", "inflation"),
        ("Trump imposed a 25% tariff on steel.", "%", "tariff"),
        ("A 10-year-old boy was hurt.", "year", "age"),
        ("Russian forces advanced 30 kilometres.", "km", "distance"),
        ("The plant produces 5,000 tonnes of steel.", "tonne", "amount of steel"),
    ],
)
def test_numbers_quantity(nlp, text: str, unit: str, quantity: str) -> None:
    assert only(nlp, text, unit).quantity == quantity


@pytest.mark.parametrize(
    ("text", "unit", "time"),
    [
        ("Russia now occupies about 18% of Ukraine.", "%", "now"),
        ("Russia occupied 7% of Ukraine in 2014.", "%", "in 2014"),
        ("The conflict has killed 13,000 people since 2014.", "people", "since 2014"),
        ("Britain pledged £2.5bn in military aid this year.", "GBP", "this year"),
        ("Russia occupies about 18% of Ukraine.", "%", None),
    ],
)
def test_numbers_time_reference(nlp, text: str, unit: str, time: str | None) -> None:
    assert only(nlp, text, unit).time == time


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Crimea was annexed in 2014.", "2014", 2014.0),
        ("On 24 February, Russia launched the invasion.", "24 February", 55.0),
        ("Putin spoke on January 20.", "January 20", 20.0),
        ("They met on Friday (Jan. 21) in Geneva.", "Jan. 21", 21.0),
        ("The invasion began in February 2022.", "February 2022", 2022.032),
    ],
)
def test_numbers_dates_reported_as_date_unit(nlp, text: str, phrase: str, value: float) -> None:
    claim = only(nlp, text)
    assert (claim.text, claim.unit) == (phrase, "date")
    assert claim.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "Lewis Hamilton won the Formula 1 race.",
        "The G7 leaders met in Italy.",
        "The F-16 jets and the Su-57 fighters arrived.",
        "1. Background\n2. Reactions",
        "He came second in the vote.",
        "It was one of the largest regions.",
        "The two nations signed the deal.",
        "Windows 2000 was released.",
        "NATO's Article 5 was invoked after 9/11.",
        "Resolution 2334 passed, and Downing Street's No. 10 responded.",
        "Read more on page 5.",
        "Trading will stop by 12:00 GMT on Friday.",
        "The talks began at 3 pm and ended at 9.30 pm.",
        "The summit will be held on 16 or 17 March in Brussels.",
        "The summit will be held on March 16 or 17 in Brussels.",
        "BMW sold more 1 Series cars than expected.",
        "Example #1: the bank raised rates.",
        "Smith, 45, was arrested on Monday.",
    ],
)
def test_numbers_non_figures_not_reported(nlp, text: str) -> None:
    assert [c.text for c in figures(nlp, text) if c.unit != "date"] == []


@pytest.mark.parametrize(
    ("text", "phrase", "value", "unit"),
    [
        ("Between 10 and 20 soldiers were killed.", "Between 10 and 20 soldiers", 15.0, "soldier"),
        ("Officials expect 10 to 20 missiles a day.", "10 to 20 missiles", 15.0, "missile"),
    ],
)
def test_numbers_range_is_one_approximate_figure(
    nlp, text: str, phrase: str, value: float, unit: str
) -> None:
    claim = only(nlp, text, unit)
    assert (claim.text, claim.value, claim.qualifier) == (phrase, value, "approximate")


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("The plant produces 5,000 tonnes of steel a year.", ["5,000 tonnes"]),
        ("Patrols pass twice a day.", []),
        ("They talked for a week.", ["a week"]),
        ("A month after the vote, 300 people protested.", ["A month", "300 people"]),
    ],
)
def test_numbers_article_time_unit_only_as_span_of_time(nlp, text: str, phrases: list[str]) -> None:
    assert [c.text for c in figures(nlp, text)] == phrases


def test_numbers_change_from_to_is_two_figures(nlp) -> None:
    claims = figures(nlp, "Prices rose from 5% to 7% last year.")
    assert [(c.text, c.value, c.qualifier) for c in claims if c.unit == "%"] == [
        ("5%", 5.0, None),
        ("7%", 7.0, None),
    ]


def test_numbers_negative_value(nlp) -> None:
    claim = only(nlp, "The economy shrank by -2.1% in 2023.", "%")
    assert claim.value == pytest.approx(-2.1)


def test_numbers_subject_from_a_place_the_measured_noun_is_in(nlp) -> None:
    claim = only(nlp, "Unemployment in France rose to 10.2 percent in March.", "%")
    assert claim.subject == "France"


def test_numbers_places_give_scope(nlp) -> None:
    jeddah = only(nlp, "US and Ukrainian officials talked for eight hours in Jeddah.", "hour")
    paris = only(nlp, "Russian and Ukrainian officials met for eight hours in Paris.", "hour")
    assert jeddah.quantity_key == paris.quantity_key
    assert jeddah.places == ["Jeddah"] and paris.places == ["Paris"]


@pytest.mark.parametrize(
    "text", ["", "1,2,3", "9" * 500 + " people", "٣ people and ٤٥%", "$$$ 5 m k bn", "between and 2014-"]
)
def test_numbers_odd_input_no_crash(nlp, text: str) -> None:
    claims = figures(nlp, text)
    assert all(abs(c.value) <= 1e18 for c in claims)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.%$€-abcdehmnorstuy\n")), max_size=80))
def test_numbers_random_text_offsets_hold(nlp, text: str) -> None:
    doc = nlp(text)
    for claim in extract_numbers(doc):
        assert doc.text[claim.start_char : claim.end_char] == claim.text


def test_numbers_possessive_pronoun_on_the_clause_subject_does_not_loop(nlp) -> None:
    claim = only(nlp, "Its unemployment rose to 5% in May.", "%")
    assert claim.subject is None
