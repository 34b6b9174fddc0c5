"""Speakers of quotes: pronouns checked against the gender the text shows, time words never speak,
and every paragraph of a multi-paragraph quote shares one speaker."""

from __future__ import annotations

import pytest

from bot.extract.quotes import extract_quotes
from bot.extract.speakers import is_temporal, person_genders

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Anna Holm opened the meeting. Then Mr Tom Berg spoke. She said the deal was done.", "Anna Holm"),
        (
            "Anna Holm opened the meeting. Then Tom Berg said his plan was ready."
            " She said the deal was done.",
            "Anna Holm",
        ),
        (
            "Tom Berg opened the meeting. Then Anna Holm spoke about her plan. “We are done,” he said.",
            "Tom Berg",
        ),
        (
            "Tom Berg opened the meeting. Then spokeswoman Anna Holm spoke. “We are done,” he said.",
            "Tom Berg",
        ),
    ],
)
def test_quotes_pronoun_skips_contradicted_gender(nlp, text, speaker) -> None:
    quotes = [q for q in extract_quotes(nlp(text)) if q.speaker_mention in ("he", "she", "He", "She")]
    assert [q.speaker for q in quotes] == [speaker]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr Tom Berg met Ms Anna Holm.", {"Tom Berg": "m", "Anna Holm": "f"}),
        ("John Kirby said his office was busy.", {"John Kirby": "m"}),
        ("She suspected that Vladimir Putin would wait.", {}),
        ("Anna Holm and Tom Berg said their plan was ready.", {}),
    ],
)
def test_speakers_gender_from_text(nlp, text, expected) -> None:
    assert person_genders(nlp(text)) == expected


@pytest.mark.parametrize(
    ("text", "word", "temporal"),
    [
        ("Kirby on Tuesday highlighted the risk.", "Tuesday", True),
        ("A day later the minister spoke.", "day", True),
        ("Theresa May said the deal was done.", "May", False),
        ("Anna Holm said the deal was done.", "Holm", False),
    ],
)
def test_speakers_time_words_are_not_speakers(nlp, text, word, temporal) -> None:
    tok = next(t for t in nlp(text) if t.text == word)
    assert is_temporal(tok) is temporal


@pytest.mark.parametrize(
    ("text", "n_parts"),
    [
        (
            "“We will rebuild,” Mayor Lisa Grant said. “The bridge comes first.\n\n“Then the school and the"
            " library.\n\n“And then the park.”",
            4,
        ),
        (
            "Mayor Lisa Grant said: “The bridge comes first.\n\n“Then the school and the library,”"
            " she added.",
            2,
        ),
        ("“The bridge comes first.\n\n“Then the school and the library,” Mayor Lisa Grant said.", 2),
    ],
)
def test_quotes_multi_paragraph_parts_share_speaker_and_kind(nlp, text, n_parts) -> None:
    quotes = [q for q in extract_quotes(nlp(text)) if q.kind != "indirect"]
    assert len(quotes) == n_parts
    assert {(q.kind, q.speaker) for q in quotes} == {("direct", "Lisa Grant")}
    assert all(text[q.start_char : q.end_char] == q.text for q in quotes)
