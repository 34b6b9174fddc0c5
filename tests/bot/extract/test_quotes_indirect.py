"""Indirect speech: which clause is reported, by whom, and when the marked quotes already carry it."""

from __future__ import annotations

import pytest

from bot.extract.quotes import extract_quotes

pytestmark = pytest.mark.slow


def _indirect(nlp, text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(nlp(text)) if q.kind == "indirect"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a conjoined "said" hangs on the reported clause in the parse; its subject is not the speaker
            "Kirby while speaking to the press said that the US believes that Russia could be repositioning"
            " its forces and said that it is too early to say anything.",
            [
                ("the US believes that Russia could be repositioning its forces", "Kirby"),
                ("it is too early to say anything", "Kirby"),
            ],
        ),
        (
            "Mayor Lisa Grant said that the council believes the bridge will hold and added that repairs"
            " would start soon.",
            [
                ("the council believes the bridge will hold", "Lisa Grant"),
                ("repairs would start soon", "Lisa Grant"),
            ],
        ),
        (  # a stray full stop: the subjectless sentence continues the previous one
            "The United States coordinated with its allies. and said they were ready no matter what.",
            [("they were ready no matter what", "United States")],
        ),
    ],
)
def test_quotes_indirect_conjoined_verb_keeps_first_speaker(nlp, text, expected) -> None:
    assert _indirect(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Pentagon press secretary John Kirby on Tuesday highlighted that the US does not believe that"
            " Russia will relax its offensive.",
            "John Kirby",
        ),
        ("On Monday morning Anna Holm said that the talks had failed.", "Anna Holm"),
        ("Theresa May said the deal was done.", "Theresa May"),
    ],
)
def test_quotes_indirect_date_is_never_the_speaker(nlp, text, speaker) -> None:
    assert [s for _, s in _indirect(nlp, text)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "Tuesday said the deal was done.",
        "Last week said that the deal was done.",
    ],
)
def test_quotes_indirect_no_speaker_from_time_words(nlp, text) -> None:
    assert all(
        s is None or s.lower() not in ("tuesday", "week", "last week") for _, s in _indirect(nlp, text)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the partial quote carries most of the clause: only the partial is kept
            "The minister’s remarks came a day after a senior defense official told reporters that troops"
            " were “really making no effort to advance on the city,” and a few days earlier.",
            [],
        ),
        (  # a clause before "came": not the reported clause of "told"
            "Her remarks came a day after the official told reporters that the army had left.",
            [("the army had left", "unnamed official")],
        ),
        (  # a short partial inside a longer clause: the clause is kept, with its marks paired
            "Anna Holm said the talks were “not easy” but that new talks would be held in Berlin next week.",
            [("the talks were “not easy” but that new talks would be held in Berlin next week", "Anna Holm")],
        ),
        (  # fronted clause: "X, he said"
            "Volodymyr Zelensky spoke on Monday. Ukraine will continue talks, he said.",
            [("Ukraine will continue talks", "Volodymyr Zelensky")],
        ),
        ("Kirby said that “Russia has failed in its objective of capturing Kyiv.”", []),
        (  # a question put to the speaker is not what they said
            "Joe Biden, asked whether the announcement was a sign of progress, said he would wait.",
            [("he would wait", "Joe Biden")],
        ),
        (
            "Joe Biden signalled that the US and its allies will keep providing Ukraine with weapons and"
            " ‘capacity to defend themselves’.",
            [
                (
                    "the US and its allies will keep providing Ukraine with weapons and ‘capacity to defend"
                    " themselves’",
                    "Joe Biden",
                )
            ],
        ),
    ],
)
def test_quotes_indirect_clause_bounds_and_marked_overlap(nlp, text, expected) -> None:
    assert _indirect(nlp, text) == expected


def test_quotes_indirect_partial_kept_when_clause_dropped(nlp) -> None:
    text = (
        "The remarks came a day after a senior defense official told reporters that troops were"
        " “really making no effort to advance on the city,” and a few days earlier."
    )
    quotes = extract_quotes(nlp(text))
    assert [(q.kind, q.speaker, q.verb) for q in quotes] == [
        ("partial", "unnamed senior defense official", "tell")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "John Kirby said he believed the move was a repositioning of forces.",
            ["the move was a repositioning of forces"],
        ),
        ("John Kirby believes the move was a repositioning of forces.", []),
        ("John Kirby thinks the talks will fail.", []),
        ("John Kirby said he believed it was a “repositioning”, not a “real return”.", []),
    ],
)
def test_quotes_indirect_cognition_verbs_only_under_reporting(nlp, text, expected) -> None:
    assert [t for t, _ in _indirect(nlp, text)] == expected


def test_quotes_indirect_said_he_believed_is_less_sure_than_said(nlp) -> None:
    [believed] = extract_quotes(nlp("John Kirby said he believed the move was a repositioning of forces."))
    [said] = extract_quotes(nlp("John Kirby said the move was a repositioning of forces."))
    assert believed.text == said.text
    assert believed.confidence < said.confidence


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Lisa Grant said that the new bridge would open in the spring.",
        "“The bridge is safe,” Mayor Lisa Grant said, adding that it would open in the spring.",
        "The council, Mayor Lisa Grant said, had approved the budget.",
    ],
)
def test_quotes_indirect_lies_in_one_sentence_with_exact_offsets(nlp, text) -> None:
    for q in extract_quotes(nlp(text)):
        assert text[q.start_char : q.end_char] == q.text
        if q.kind == "indirect":
            assert q.sentence is not None
            assert q.sentence.start_char <= q.start_char and q.end_char <= q.sentence.end_char
