from __future__ import annotations

import math
from datetime import date

import pytest

from bot.compare.figures import agree, interval, scopes
from tests.bot.compare.builders import SHARE, Art, Fig, add, conflicts


@pytest.mark.parametrize(
    ("v1", "q1", "v2", "q2", "expected"),
    [
        (5, "about", 5.4, None, True),  # "about" leaves room
        (5, None, 5.4, None, False),
        (8, "more than", 10, None, True),  # "more than eight" allows ten
        (8, "more than", 7, None, False),
        (20, None, 20, None, True),  # "a fifth" and "20%" once the extractor reads both as 20 %
        (100, "up to", 60, "about", True),
        (5, "about", 18, None, False),
    ],
)
def test_figures_agree_reads_qualifiers_as_intervals(v1, q1, v2, q2, expected):
    assert agree(v1, q1, v2, q2) is expected


def test_figures_interval_of_lower_bound_is_open():
    assert interval(8, "at least") == (8, math.inf)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia has gained 0.5% of Ukraine this year.", {"gained", "this year"}),
        ("Russia occupies 18% of Ukraine.", set()),
    ],
)
def test_figures_scopes_names_partial_periods(sentence, expected):
    assert scopes(sentence) == expected


def _share(text: str, words: str, value: float, qualifier: str | None = None, time: str | None = None) -> Fig:
    return Fig(words, value, "%", SHARE, "Ukraine", time, qualifier)


def test_figures_discrepancy_for_same_quantity_subject_and_time(store):
    a = Art(
        "Russia now occupies about 5% of Ukraine’s land.",
        "a.org",
        figures=[_share("", "about 5%", 5, "about")],
    )
    b = Art("Russia holds 18% of Ukrainian territory.", "b.org", figures=[_share("", "18%", 18)])
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    [f] = conflicts(found)
    assert f.type == "numeric_discrepancy"
    assert (f.a.text, f.b.text) == ("18%", "about 5%")
    assert f.details["values"] == [18, 5] and f.confidence >= 0.6
    assert "18%" in f.explanation


def test_figures_fraction_and_percent_of_same_value_agree(store):
    a = Art("Russia controls a fifth of Ukraine.", "a.org", figures=[_share("", "a fifth", 20)])
    b = Art("Russia controls about 20% of Ukraine.", "b.org", figures=[_share("", "about 20%", 20, "about")])
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    assert conflicts(found) == []


def test_figures_different_dates_make_an_updated_figure(store):
    a = Art("Russia occupies 7% of Ukraine.", "a.org", date(2022, 1, 10), figures=[_share("", "7%", 7)])
    b = Art("Russia occupies 18% of Ukraine.", "b.org", date(2023, 1, 10), figures=[_share("", "18%", 18)])
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    [f] = conflicts(found)
    assert f.type == "updated_figure"
    assert "different times" in f.explanation


def test_figures_years_in_time_refs_make_an_updated_figure(store):
    a = Art("In 2014 Russia occupied 7% of Ukraine.", "a.org", figures=[_share("", "7%", 7, time="2014")])
    b = Art("In 2023 Russia occupied 18% of Ukraine.", "b.org", figures=[_share("", "18%", 18, time="2023")])
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    assert [f.type for f in conflicts(found)] == ["updated_figure"]


def test_figures_different_scope_is_flagged_low_with_the_scope_named(store):
    a = Art("Russia occupies 18% of Ukraine.", "a.org", figures=[_share("", "18%", 18)])
    b = Art("Russia has gained 0.5% of Ukraine this year.", "b.org", figures=[_share("", "0.5%", 0.5)])
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    [f] = conflicts(found)
    assert f.type == "numeric_discrepancy" and f.confidence <= 0.3
    assert "this year" in f.explanation and f.details["scope"] == [["gained", "this year"], []]


def test_figures_same_duration_of_talks_in_different_places_is_not_compared(store):
    talks = "duration of talks"
    a = Art(
        "The delegations met for more than eight hours in Paris.",
        "a.org",
        figures=[Fig("more than eight hours", 8, "hour", talks, "talks", qualifier="more than")],
        places=["Paris"],
    )
    b = Art(
        "Officials talked for five hours in Jeddah.",
        "b.org",
        figures=[Fig("five hours", 5, "hour", talks, "talks")],
        places=["Jeddah"],
    )
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    assert conflicts(found) == []


def test_figures_dates_of_two_sentences_are_never_a_discrepancy(store):
    """Two articles' dates for "the invasion" in different sentences are two events' dates (a restated
    sentence with another date is a corrected date: see test_restated.py)."""
    when = "date of invasion"
    a = Art(
        "The invasion began on 24 February.",
        "a.org",
        figures=[Fig("24 February", 24, "date", when, "invasion")],
    )
    b = Art(
        "Officials recalled that troops crossed the border on 20 February, starting the invasion.",
        "b.org",
        figures=[Fig("20 February", 20, "date", when, "invasion")],
    )
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    assert conflicts(found) == []


def test_figures_other_subject_is_not_compared(store):
    a = Art("Russia occupies 18% of Ukraine.", "a.org", figures=[_share("", "18%", 18)])
    b = Art("Israel occupies 60% of the area.", "b.org", figures=[Fig("60%", 60, "%", SHARE, "West Bank")])
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    assert conflicts(found) == []


def test_figures_discrepancy_explanation_reads_as_a_sentence(store):
    with store.session() as s:
        add(
            s,
            Art(
                "Russia now occupies about 5% of Ukraine.",
                "a.org",
                figures=[_share("", "about 5%", 5, "about")],
            ),
        )
        _, found = add(s, Art("Russia holds 18% of Ukraine.", "b.org", figures=[_share("", "18%", 18)]))
    [f] = conflicts(found)
    assert f.explanation == "18% here vs about 5% in a.org for the share of territory occupied of Ukraine."


def test_figures_today_in_articles_of_different_days_are_two_days(store):
    a = Art("Today Russia occupies 7% of Ukraine.", "a.org", date(2022, 3, 2),
            figures=[_share("", "7%", 7, time="today")])
    b = Art("Today Russia occupies 9% of Ukraine.", "b.org", date(2022, 3, 3),
            figures=[_share("", "9%", 9, time="today")])
    same_day = Art("Today Russia occupies 5% of Ukraine.", "c.org", date(2022, 3, 3),
                   figures=[_share("", "5%", 5, time="today")])
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
        assert conflicts(found) == []  # one day apart, and "today" each time: two days' figures
        _, found = add(s, same_day)
    assert [f.type for f in conflicts(found) if f.b.source == "b.org"] == ["numeric_discrepancy"]
