"""The lexical scorer and the one `Similarity` seam both scorers share (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from bot.settings import Settings
from bot.similarity import LexicalEncoder, get_similarity, make_similarity
from bot.similarity.lexical import content_words, stop_words


def test_content_words_dropstop_words_possessives_and_plurals():
    words = content_words("Russia's troops have failed in their objective of capturing Kyiv.", stop_words())
    assert words == {"russia", "troop", "failed", "objective", "capturing", "kyiv"}


def test_lexical_score_is_the_cosine_of_the_two_word_sets():
    sim = make_similarity("lexical")
    # {russia, failed, objective, capturing, kyiv} vs {russia, failed, objective, occupying, kyiv}
    a = "Russia has failed in its objective of capturing Kyiv."
    b = "Russia has failed in its objective of occupying Kyiv."
    assert sim.score(a, b) == pytest.approx(4 / 5, abs=1e-6)
    assert sim.score(a, a) == pytest.approx(1.0, abs=1e-6)
    assert sim.score(a, "Stocks edged higher on Wall Street.") == pytest.approx(0.0, abs=1e-6)


def test_a_text_without_content_words_is_a_zero_row():
    rows = LexicalEncoder().embed(["", "it is what it is", "Kyiv"])
    assert rows.shape == (3, LexicalEncoder.dim) and rows.dtype == np.float32
    assert not rows[0].any() and not rows[1].any()
    assert float(np.linalg.norm(rows[2])) == pytest.approx(1.0)


def test_matrix_gives_every_cosine():
    sim = make_similarity("lexical")
    a = sim.embed(["Iran and IAEA resume nuclear talks", "Stocks rise after jobs report"])
    b = sim.embed(["Iran, IAEA resume nuclear talks in Tehran"])
    m = sim.matrix(a, b)
    assert m.shape == (2, 1)
    assert m[0, 0] > 0.8 and m[1, 0] == pytest.approx(0.0, abs=1e-6)


def test_the_setting_chooses_the_scorer_and_each_has_its_own_thresholds():
    lexical = get_similarity(Settings(similarity="lexical"))
    assert lexical.name == "lexical" and lexical.model_id == "lexical-content-words-v1"
    assert get_similarity(Settings(similarity="lexical")) is lexical
    assert Settings().similarity == "lexical"  # the default: the model measured no gain on the findings
    semantic = get_similarity(Settings(similarity="semantic"))
    assert semantic.name == "semantic" and semantic.dim == 384
    assert semantic.thresholds != lexical.thresholds
    assert semantic.thresholds.same_claim > semantic.thresholds.related


def test_an_unknown_scorer_is_refused():
    with pytest.raises(ValidationError):
        Settings(similarity="bag-of-words")
    with pytest.raises(ValueError):
        make_similarity("bag-of-words")
