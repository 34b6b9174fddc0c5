"""Attribution quality on the committed PolNeAR train articles stays at or above the pinned floors."""

from __future__ import annotations

import json

import pytest

from benchmarks.attribution_quality import BASELINE, METRICS, evaluate, load_articles, same_speaker, scored

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tallies(nlp):
    return evaluate(nlp, load_articles("all"))


@pytest.mark.parametrize("metric", METRICS)
def test_attribution_quality_at_or_above_floor(tallies, metric) -> None:
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))[f"attribution.{metric}"]
    tally = tallies[metric]
    assert tally.total >= 50, "the committed set must keep enough cases to score"
    assert tally.share >= floor, (metric, tally.share, floor, tally.misses[:10])


def test_attribution_every_scored_speaker_is_labelled() -> None:
    unlabelled = [
        (a["article"], att["id"])
        for a in load_articles("all")
        for att in a["attributions"]
        if scored(att) and not att["labelled"]
    ]
    assert unlabelled == []


def test_attribution_splits_are_disjoint_and_cover_every_publisher() -> None:
    tune, holdout = load_articles("tune"), load_articles("holdout")
    assert {a["article"] for a in tune}.isdisjoint(a["article"] for a in holdout)
    assert {a["publisher"] for a in holdout} == {a["publisher"] for a in tune}
    assert len({a["publisher"] for a in tune}) == 7


@pytest.mark.parametrize(
    ("got", "gold", "same"),
    [
        ("Obama", "Barack Obama", True),
        ("Harris", "Harry B. Harris Jr.|Harris", True),
        ("U.S. State Department", "State Department", True),
        ("Mr. Coll", "Steve Coll", True),
        ("Hillary Clinton", "Nick Merrill", False),
        ("unnamed senior official", "Glen Kopp", False),
        (None, "Glen Kopp", False),
    ],
)
def test_attribution_speaker_matching(got, gold, same) -> None:
    assert same_speaker(got, gold) is same
