"""The learned line classifier: the boosting code, the committed model, and its place in the cleaner."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bot.clean import clean_text
from bot.clean.boosting import Forest, fit_forest
from bot.clean.cleaner import MODEL_REASON
from bot.clean.line_features import FEATURE_NAMES, line_features
from bot.clean.line_model import MIN_LINES, MODEL_PATH, default_model, model_from_json
from bot.clean.text import word_count


def test_clean_line_model_boosting_learns_an_interaction_and_round_trips() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, size=(3000, 3))
    y = ((x[:, 0] > 0) ^ (x[:, 1] > 0.2)).astype(float)  # XOR of two features; the third is noise
    forest = fit_forest(x, y, trees=40, depth=3)
    assert np.mean((forest.probabilities(x) > 0.5) == (y == 1)) > 0.95
    again = Forest.from_json(json.loads(json.dumps(forest.to_json())))
    assert np.allclose(again.logits(x), forest.logits(x), atol=1e-4)


def test_clean_line_model_committed_model_fits_the_features_and_stays_small() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURE_NAMES
    assert 0.5 <= data["threshold"] < 1.0
    assert MODEL_PATH.stat().st_size < 1_000_000
    stale = dict(data, features=data["features"][:-1])
    with pytest.raises(ValueError, match="retrain"):
        model_from_json(stale)


def test_clean_line_model_features_one_row_per_line() -> None:
    lines = ["Home", "News", "Sport", "The council voted on Tuesday to add twelve bus routes.", "Share"]
    assert line_features(lines).shape == (len(lines), len(FEATURE_NAMES))
    assert line_features([]).shape == (0, len(FEATURE_NAMES))


MENU = ["Home", "News", "Sport", "Business", "Opinion", "Culture", "Video", "Podcasts", "Sign In", "Log out"]
STORY = [
    "Council adds 12 bus routes",
    "The city council voted 7-2 on Tuesday to add 12 bus routes to the network by next spring, officials "
    "said after a four-hour meeting.",
    '"This is the biggest expansion of service in a generation," Mayor Ann Smith told reporters outside city '
    "hall, adding that fares would stay at $2.50.",
    "The plan will cost about $61 million over five years, according to a budget document seen by the paper.",
    "Transit officials expect ridership to grow by 15% within two years, though critics called the estimate "
    "optimistic given the fall in commuting since 2020.",
]
FOOTER = ["About us", "Contact", "Privacy Policy", "Terms of Use", "Cookie Settings", "Careers"]


def test_clean_line_model_menu_and_footer_go_story_stays() -> None:
    article = clean_text("\n".join(MENU + STORY + FOOTER))
    assert article.title == STORY[0]
    assert article.cleaned_text.startswith("\n\n".join(STORY))
    removed = [r.line for r in article.removed]
    assert set(removed) <= set(MENU + FOOTER)
    assert len(removed) >= 0.8 * len(MENU + FOOTER)
    assert MODEL_REASON in {r.reason for r in article.removed}


def test_clean_line_model_off_keeps_what_the_rules_keep() -> None:
    article = clean_text("\n".join(MENU + STORY + FOOTER), use_model=False)
    assert MODEL_REASON not in {r.reason for r in article.removed}
    assert "Privacy Policy" in article.cleaned_text


def test_clean_line_model_leaves_short_texts_to_the_rules() -> None:
    lines = ["Weather", "Rain", "Sun", "Wind", "Snow"]
    assert len(lines) < MIN_LINES
    assert default_model().noise_flags(lines) == [False] * len(lines)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The cat — sat | on 5% of it.", 7),
        ("先日、不正に改造したiPhoneを販売した", 8),  # 14 characters + "iPhone"
        ("", 0),
    ],
)
def test_clean_word_count_counts_unspaced_scripts_by_characters(text: str, words: int) -> None:
    assert word_count(text) == words
