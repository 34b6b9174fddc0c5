"""Restated sentences (`bot.compare.frames`, `restated`, `revisions`): corrections and restatements of one
sentence are compared slot by slot; other subjects, periods and templates are not."""

from __future__ import annotations

from datetime import date

import pytest

from bot.compare.frames import frame_diff, shown_pair
from bot.compare.revisions import revisions
from tests.bot.compare.builders import Art, Fig, add, conflicts


def _changed(a: str, b: str) -> list[tuple[str, str]]:
    diff = frame_diff(a, b)
    assert diff is not None, "the two sentences should share a frame"
    return [(x.text, y.text) for x, y in diff.figures_kept()]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("SARASOTA, Fla., March 11 - Shr one ct vs five cts", "Shr five cts vs one ct",
         [("one", "five"), ("five", "one")]),  # reversed figures, dateline left out
        ("Sales 36.7 mln vs 33.5 mln", "Sales 39.7 mln vs 33.5 mln", [("36.7 mln", "39.7 mln")]),
        ("Oper shr loss six cts vs loss 43 cts", "Oper shr profit six cts vs loss 43 cts", [("six", "six")]),
        ("Qtly div 17-1/4 cts vs 17-1/4 cts prior", "Qtly div 17-1/2 cts vs 17-1/4 cts",
         [("17-1/4", "17-1/2")]),
        ("Pay April 28", "Pay April 25", [("April 28", "April 25")]),
        # notation and rounding are not differences
        ("Revs 12.1 mln vs 10.2 mln", "Revs 12,141,000 vs 10.2 mln", []),
        ("Shr loss 17 cts vs loss 22 cts", "Shr loss 17.3 cts vs 21.5 cts", []),
    ],
)  # fmt: skip
def test_restated_frame_diff_aligns_figures_slot_by_slot(a, b, expected):
    assert _changed(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # another period's or another part's figure in the same words
        ("The bank said it provided 120 mln stg in the morning session.",
         "The bank said it provided 200 mln stg in the afternoon session."),
        ("Qtly div 15 cts vs 15 cts prior", "Qtly div class B 13.5 cts vs 13.5 cts"),
        ("Net profit rose 12 pct in three months to December.",
         "Net profit rose 17 pct in nine months to December."),
        # a template filled again: many figures changed
        ("Steers 64.50 to 66.30, heifers 63.00 to 65.00, cows 40.00 to 42.50 dlrs.",
         "Steers 65.00 to 66.00, heifers 62.00 to 64.50, cows 41.00 to 43.00 dlrs."),
    ],
)  # fmt: skip
def test_restated_other_periods_parts_and_templates_are_not_compared(a, b):
    diff = frame_diff(a, b)
    assert diff is None or diff.figures_kept() == []


def test_restated_unrelated_sentences_share_no_frame():
    assert frame_diff("Shr 18 cts vs 13 cts", "The company said sales rose 13 pct in the year.") is None


def test_restated_opposite_words_and_spelling_variants():
    diff = frame_diff(
        "NOTE: 1985 year net includes 13,000 dlr tax credit.",
        "NOTE: 1985 year net excludes 13,000 dlr tax credit.",
    )
    assert diff is not None and diff.opposites == [("includes", "excludes")]
    same = frame_diff(
        "He reiterated the kingdom's commitment to boost world oil prices and stabilise the market.",
        "He reiterated the kingdom's commitment to boost world oil prices and stabilize the market.",
    )
    assert same is not None and not same.figures and not same.opposites and not same.names


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Sales are expected to be about 3,800,000 dlrs, not the eight mln dlrs the company announced.",
         [("3,800,000", "eight mln")]),
        ("The January rise in consumer prices was 1.0 pct instead of the previously announced 1.3 pct.",
         [("1.0", "1.3")]),
        ("It has corrected its fourth quarter net income to 485,380 dlrs from 528,790 dlrs.",
         [("485,380", "528,790")]),
        ("Consumer prices rose to 1.0 pct from 1.3 pct in January.", []),  # a change, not a correction
    ],
)  # fmt: skip
def test_restated_revisions_name_the_new_and_the_old_figure(sentence, expected):
    assert [(r.new.text, r.old.text) for r in revisions(sentence)] == expected


DAY = date(1987, 3, 24)


def test_restated_same_sentence_other_figure_same_day_is_a_discrepancy(store):
    a = Art("Acme Corp said its Widget Unit sold 600 tonnes of steel to Egypt.", "a.org", DAY,
            figures=[Fig("600 tonnes", 600, "tonne", "amount of steel")])  # fmt: skip
    b = Art("Acme Corp said its Widget Unit sold 500 tonnes of steel to Egypt.", "b.org", DAY,
            figures=[Fig("500 tonnes", 500, "tonne", "amount of steel")])  # fmt: skip
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    [f] = conflicts(found)
    assert f.type == "numeric_discrepancy" and f.confidence >= 0.6
    assert (f.a.text, f.b.text) == ("500", "600") and f.details["rule"] == "same sentence, other figure"


def test_restated_running_total_days_later_is_an_update(store):
    text = "An additional {} head of dairy cattle are still available to Egypt under the Export Program."
    a = Art(text.format("7,959"), "a.org", DAY, figures=[Fig("7,959 head", 7959, "head", "number of heads")])
    later = date(1987, 3, 29)
    heads = [Fig("7,199 head", 7199, "head", "number of heads")]
    b = Art(text.format("7,199"), "b.org", later, figures=heads)
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    [f] = conflicts(found)
    assert f.type == "updated_figure" and f.confidence >= 0.6


def test_restated_another_company_in_the_same_words_is_not_compared(store):
    a = Art("Acme Corp said its Widget Unit sold 600 tonnes of steel to Egypt.", "a.org", DAY,
            figures=[Fig("600 tonnes", 600, "tonne", "amount of steel")])  # fmt: skip
    b = Art("Acme Corp said its Widget Unit sold 500 tonnes of steel to Kuwait.", "b.org", DAY,
            figures=[Fig("500 tonnes", 500, "tonne", "amount of steel")])  # fmt: skip
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    assert conflicts(found) == []


def test_restated_corrected_buyer_is_a_polarity_conflict(store):
    sale = "Rexnord Inc said it agreed to sell its Railway Maintenance unit to {} Industries Inc."
    a = Art(sale.format("Banner"), "a.org", DAY)
    b = Art(sale.format("Oak") + " Corrects name of purchaser.", "b.org", DAY)
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    [f] = conflicts(found)
    assert f.type == "polarity_conflict" and f.confidence >= 0.8
    assert (f.a.text, f.b.text) == ("Oak", "Banner")


def test_restated_correction_naming_the_old_figure_is_an_update(store):
    a = Art("Statistics Sweden said in Stockholm that January consumer prices rose 1.3 pct.", "a.org", DAY,
            figures=[Fig("1.3 pct", 1.3, "%", "change in consumer prices")])  # fmt: skip
    b = Art("Statistics Sweden said in Stockholm the January rise in consumer prices was 1.0 pct instead of "
            "the previously announced 1.3 pct.", "b.org", date(1987, 3, 26),
            figures=[Fig("1.0 pct", 1.0, "%", "rise"), Fig("1.3 pct", 1.3, "%", "rise")])  # fmt: skip
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    [f] = conflicts(found)
    assert f.type == "updated_figure" and f.details["rule"] == "revision"
    assert (f.a.text, f.b.text) == ("1.0", "1.3 pct")


def test_restated_a_sign_change_is_shown_with_its_sign():
    diff = frame_diff("Oper net loss 336,000 vs loss 2,176,000", "Oper net profit 336,000 vs loss 2,176,000")
    assert diff is not None
    [(x, y)] = diff.figures_kept()
    assert shown_pair(diff, x, y) == ("loss 336,000", "profit 336,000")
