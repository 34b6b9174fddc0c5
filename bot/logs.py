"""Structured logs: one JSON object per line, with the record's `extra` fields, and no secrets.

Slack tokens (`xox?-…`, `xapp-…`), passwords in URLs and the value of any `token` field (Slack's
verification token in a form body `token=…` or JSON `"token": "…"`, as a library may log a refused
request) are masked wherever they appear, so that a token never reaches the log.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

SECRETS = (
    (re.compile(r"\b(xox[abeposr]|xapp)-[A-Za-z0-9-]+"), r"\1-***"),  # Slack tokens
    (re.compile(r"(?<=://)([^:/@\s]+):([^@/\s]+)(?=@)"), r"\1:***"),  # passwords in URLs
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1***"),
    (re.compile(r"(?i)(signing_secret[\"'=: ]+)[A-Za-z0-9]+"), r"\1***"),
    # `token=…` (forms, query strings) and `"token": "…"` (JSON, also escaped inside a JSON string)
    (re.compile(r"(?i)(\b[a-z_]*token\\?[\"']?\s*[:=]\s*\\?[\"']?)[^\"'&\s\\,}]+"), r"\1***"),
)
# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged as a field.
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact(text: str) -> str:
    for pattern, replacement in SECRETS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        payload.update({k: v for k, v in vars(record).items() if k not in STANDARD and not k.startswith("_")})
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return redact(json.dumps(payload, ensure_ascii=False, default=str))


def setup_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the whole process (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
