"""Quote-mark scanning without a model."""

from __future__ import annotations

import pytest

from bot.extract.quote_marks import find_marked_spans


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_marked_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win," and left.', ["we will win,"]),
        ("He said “we will win,” and left.", ["we will win,"]),
        ("Russian forces’ movement is a ‘repositioning’: Pentagon", ["repositioning"]),
        ("Russia’s army and the forces’ movement", []),
        ("the ‘military operation’ will lie on ‘liberating’ Donbas", ["military operation", "liberating"]),
        ("“We hope they answer ‘yes’ soon,” he said.", ["We hope they answer ‘yes’ soon,"]),
        ("and possibly even “Change the world", ["Change the world"]),
        (
            "“It is fine,” he said, adding more. There is no need to panic.”",
            ["It is fine,", "There is no need to panic."],
        ),
        ("I don’t know. Let’s see.", []),
        ("back in the ‘90s, it was calm", []),
    ],
)
def test_quote_marks_finds_spans(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_quote_marks_multi_paragraph_flags_continuation() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph,” she said."
    spans = find_marked_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["First paragraph of the quote.", "Second paragraph,"]
    assert spans[0].continues and not spans[0].closed
    assert not spans[1].continues


def test_quote_marks_orphan_close_is_flagged() -> None:
    text = "He spoke. Nothing will change.” Then he left."
    [span] = find_marked_spans(text)
    assert text[span.start : span.end] == "Nothing will change."
    assert not span.opened
