"""Logs are JSON lines with their extra fields, and never carry tokens or passwords."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import JsonFormatter, redact


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("token xoxb-1234-5678-abcdEFGH in a message", "xoxb-1234-5678-abcdEFGH"),
        ("app token xapp-1-A0B1-123-abc", "xapp-1-A0B1-123-abc"),
        ("postgresql+psycopg://newsbot:s3cret@db:5432/newsbot", "s3cret"),
    ],
)
def test_logs_secrets_redacted(text, secret):
    assert secret not in redact(text)


def test_logs_json_line_with_extra_fields():
    record = logging.makeLogRecord(
        {"name": "bot.x", "levelname": "INFO", "msg": "stored %s", "args": ("xoxb-1-2-3",), "article_id": 7}
    )
    payload = json.loads(JsonFormatter().format(record))
    assert payload["article_id"] == 7 and payload["logger"] == "bot.x"
    assert "xoxb-1-2-3" not in payload["msg"]


@pytest.mark.parametrize(
    ("text", "secret"),
    [("Authorization: Bearer abc.def-123", "abc.def-123"), ("signing_secret=8f7e6d5c4b3a", "8f7e6d5c4b3a")],
)
def test_logs_headers_and_signing_secret_redacted(text, secret):
    assert secret not in redact(text)


def test_token_fields_are_masked_in_forms_json_and_escaped_json() -> None:
    import json as _json

    from bot.logs import redact

    form = "token=verif-TOKEN-1&team_id=T1&text=hello"
    body = _json.dumps({"token": "verif-TOKEN-2", "team_id": "T1"})
    nested = _json.dumps({"msg": f"Invalid request (body: {body}, {form})"})
    for text in (form, body, nested):
        masked = redact(text)
        assert "verif-TOKEN" not in masked, masked
        assert "T1" in masked
    assert redact("2,000 tokens: fine") == "2,000 tokens: fine"
