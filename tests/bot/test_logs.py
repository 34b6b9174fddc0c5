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
