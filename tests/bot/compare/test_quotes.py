from __future__ import annotations

import pytest

from bot.compare.quote_text import quote_words, same_person
from bot.compare.quotes import classify, similarity
from tests.bot.compare.builders import Art, Said, add


@pytest.mark.parametrize(
    ("a", "b", "klass", "minor"),
    [
        ("Russia has failed in its objective of capturing Kyiv.",
         "Russia has failed in its objective of occupying Kyiv.", "paraphrased", False),
        ("It’s failed in its objective of subjugating Ukraine.",
         "It has failed in its objective of subjugating Ukraine.", "paraphrased", True),
        ("We believe this is a repositioning, not a real withdrawal",
         "We believe this is not a real withdrawal", "trimmed", False),
        ("we all should be prepared", "we should all be prepared", "reordered", False),
        ("we will attack the city", "we will not attack the city", "materially_changed", False),
        ("we lost 300 soldiers", "we lost 3,000 soldiers", "materially_changed", False),
    ],
)  # fmt: skip
def test_quotes_classify_names_the_kind_of_rewording(a, b, klass, minor):
    got, diff, got_minor = classify(quote_words(a), quote_words(b))
    assert (got, got_minor) == (klass, minor)
    assert diff, "a rewording has a non-empty word diff"


def test_quotes_different_sentences_sharing_a_frame_are_not_one_quote():
    a = quote_words("Russia has failed in its objective of capturing Kyiv.")
    b = quote_words("It has failed in its objective of subjugating Ukraine.")
    assert similarity(a, b) < 0.75


def _quoted(source: str, words: str, speaker: str | None) -> Art:
    return Art(f"“{words}” the spokesman said on Tuesday.", source, quotes=[Said(words, speaker)])


def test_quotes_same_speaker_reworded_gives_quote_wording_with_diff(store):
    with store.session() as s:
        add(s, _quoted("a.org", "Russia has failed in its objective of capturing Kyiv.", "John Kirby"))
        _, found = add(
            s, _quoted("b.org", "Russia has failed in its objective of occupying Kyiv.", "John Kirby")
        )
    [f] = [f for f in found if f.type == "quote_wording"]
    assert f.details["class"] == "paraphrased"
    assert f.details["diff"] == [{"op": "replace", "a": "occupying", "b": "capturing"}]
    assert f.a.speaker == f.b.speaker == "John Kirby"
    assert "“occupying” here vs “capturing” there" in f.explanation and "b.org" not in f.explanation
    assert "a.org" in f.explanation


def test_quotes_same_words_other_speaker_is_an_attribution_conflict(store):
    words = "We will not accept any deal that gives away our land."
    with store.session() as s:
        add(s, _quoted("a.org", words, "Volodymyr Zelensky"))
        _, found = add(s, _quoted("b.org", words, "Dmytro Kuleba"))
    [f] = [f for f in found if f.type != "corroboration"]
    assert f.type == "attribution_conflict"
    assert {f.a.speaker, f.b.speaker} == {"Volodymyr Zelensky", "Dmytro Kuleba"}


def test_quotes_same_words_same_speaker_corroborate(store):
    words = "We will not accept any deal that gives away our land."
    with store.session() as s:
        add(s, _quoted("a.org", words, "Volodymyr Zelensky"))
        _, found = add(s, _quoted("b.org", words, "Volodymyr Zelensky"))
    assert [f.type for f in found] == ["corroboration"]
    assert "a.org" in found[0].explanation


def test_quotes_scare_quotes_are_not_compared(store):
    with store.session() as s:
        term = [Said("special military operation in the east", None, "scare")]
        add(s, Art("They called it a “special military operation in the east”.", "a.org", quotes=term))
        _, found = add(
            s, Art("Moscow calls it a “special military operation in the east”.", "b.org", quotes=term)
        )
    assert [f for f in found if f.type in ("quote_wording", "attribution_conflict")] == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("John Kirby", "Kirby", True), ("John Kirby", "John Kirby", True), ("Joe Biden", "Jill Biden", False),
     ("Joe Biden", "Donald Trump", False), ("Hillary", "Hillary Clinton", True),
     ("John F. Kerry", "John Kerry", True), ("John Kerry", "John Kirby", False)],
)  # fmt: skip
def test_quotes_same_person_accepts_surname_first_name_or_a_dropped_middle_name(a, b, same):
    assert same_person(a, b) is same
