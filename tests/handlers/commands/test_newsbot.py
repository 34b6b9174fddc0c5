"""`/newsbot` without an App: argument parsing, the ack, and errors as short notes (with a log entry)."""

from __future__ import annotations

import logging
from unittest.mock import Mock

import pytest

from bot.settings import Settings
from handlers.commands.newsbot import ack_newsbot, run_newsbot
from handlers.commands.parse import parse_command
from handlers.common import INTERNAL_ERROR


@pytest.mark.parametrize(
    ("text", "kind", "detail"),
    [
        ("", "help", ""),
        ("help", "help", ""),
        ('search speaker:"John Kirby"', "search", 'speaker:"John Kirby"'),
        ("alias Zelenskiy = Volodymyr Zelensky", "alias", "Zelenskiy|Volodymyr Zelensky"),
        ("digest", "digest", "show|None|None"),
        ("digest here", "digest", "here|None|None"),
        ("digest here 7", "digest", "here|07:00|None"),
        ("digest here 08:00 Europe/Kyiv", "digest", "here|08:00|Europe/Kyiv"),
        ("digest here america/new_york 6:30", "digest", "here|06:30|America/New_York"),
        ("digest off", "digest", "off|None|None"),
        ("DIGEST NOW", "digest", "now|None|None"),
        ("digest there", "invalid", "/newsbot digest here 08:00 Europe/Kyiv"),
        ("digest here 25:00", "invalid", "00 to 23"),
        ("digest here 8am", "invalid", "HH:MM"),
        ("digest here 08:00 Europe/Kiev2", "invalid", "IANA name"),
        ("digest off now", "invalid", "/newsbot digest off"),
        ("https://example.com/story", "analyze", ""),
        ("Search teams found 12 people.\nThe search continued on Tuesday.", "analyze", ""),
        ("help " + "word " * 100, "analyze", ""),
    ],
)
def test_newsbot_parse_command(text: str, kind: str, detail: str) -> None:
    parsed = parse_command(text)
    assert parsed.kind == kind
    if kind == "search":
        assert parsed.text == detail
    if kind == "alias":
        assert f"{parsed.variant}|{parsed.canonical}" == detail
    if kind == "digest":
        assert f"{parsed.action}|{parsed.at}|{parsed.zone}" == detail
    if kind == "invalid" and detail:
        assert detail in parsed.text and "\n" not in parsed.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An article body.", "Analyzing"),
        ("help", "/newsbot search"),
        ("digest x", "digest"),
        ("digest now", "preview"),
    ],
)
def test_newsbot_ack_once_with_ephemeral_note(text: str, expected: str) -> None:
    ack = Mock()
    ack_newsbot(ack, {"text": text})
    ack.assert_called_once()
    assert ack.call_args.kwargs["response_type"] == "ephemeral"
    assert expected in str(ack.call_args.kwargs)


def test_newsbot_failure_is_short_note_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    analyzer = Mock()
    analyzer.search.side_effect = RuntimeError("boom at line 12")
    respond = Mock()
    body = {"text": "search ceasefire", "team_id": "T1", "channel_id": "C1"}
    with caplog.at_level(logging.ERROR):
        run_newsbot(body, Mock(), respond, logging.getLogger("test"), analyzer=analyzer, settings=Settings())
    respond.assert_called_once()
    assert respond.call_args.kwargs["text"] == INTERNAL_ERROR
    assert "boom" not in str(respond.call_args)
    assert "boom at line 12" in caplog.text
