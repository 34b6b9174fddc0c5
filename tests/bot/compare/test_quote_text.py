from __future__ import annotations

import pytest

from bot.compare.quote_text import GAP, looks_like_person, one_shortens_other, quote_words, spelling_key


@pytest.mark.parametrize(
    ("british", "american"),
    [("stabilise", "stabilize"), ("organisation", "organization"), ("labour", "labor"), ("centre", "center"),
     ("defence", "defense"), ("travelled", "traveled"), ("programme", "program"), ("analysed", "analyzed"),
     ("catalogue", "catalog")],
)  # fmt: skip
def test_quote_text_spellings_share_a_key(british, american):
    assert spelling_key(british) == spelling_key(american)


@pytest.mark.parametrize("word", ["four", "hour", "raise", "rise", "fence", "tell", "wise"])
def test_quote_text_spelling_key_leaves_short_words_alone(word):
    assert spelling_key(word) == word


def test_quote_text_wrong_apostrophe_is_an_apostrophe():
    assert quote_words('We don"t believe it') == quote_words("We don’t believe it")


def test_quote_text_brackets_and_ellipses_are_gaps():
    assert quote_words("[The president] will not ... resign") == [GAP, "will", "not", GAP, "resign"]


@pytest.mark.parametrize(
    ("a", "b", "cut"),
    [
        ("We will stay the course and we will win this war", "we will win this war", True),
        ("We will stay the course and we will win this war", "We will stay ... win this war", True),
        ("We will stay the course and we will win this war", "we will lose this war", False),
        ("We believe this is a repositioning, not a real withdrawal",
         "We believe this is not a real withdrawal", False),
    ],
)  # fmt: skip
def test_quote_text_a_shortened_quote_is_recognised(a, b, cut):
    assert one_shortens_other(quote_words(a), quote_words(b)) is cut


@pytest.mark.parametrize(
    ("name", "person"),
    [("John Kirby", True), ("Kirby", True), ("Rpt", False), ("NAPM", False), ("Commerce Department", False),
     ("unnamed Coast Guard spokesman", False), ("Benetton Group Spa", False),
     ("official Saudi Press Agency SPA", False), (None, False)],
)  # fmt: skip
def test_quote_text_looks_like_person(name, person):
    assert looks_like_person(name) is person


def test_quote_text_a_quote_cut_at_a_wrong_apostrophe_shortens_the_full_one():
    full = quote_words("We don't believe that there is going to be a problem on the accounting side,")
    cut = quote_words("t believe that there is going to be a problem on the accounting side,")
    assert one_shortens_other(full, cut)
