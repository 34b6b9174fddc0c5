"""What every request to `/slack/events` must pass before Bolt sees it (`newsbot serve` and gunicorn).

Bolt answers well-formed Slack requests, but a signed body that is not a JSON object, an interactive
`payload` that is not one, or a non-numeric timestamp header made it raise (a dropped connection or a
500), and it logs a refused request's whole body (with Slack's verification `token`). `RequestGuard`
answers all of these itself with a 4xx and a short body, and queues nothing:

- signature headers missing, not numeric, stale, or wrong → 401;
- the same signature and timestamp seen before → acknowledged (200, empty) and not run again: Slack
  never sends a request twice with one signature (its retries are signed anew and keep their once-only
  handling by event id);
- a body that is not a JSON object, a form without a command, a `payload` that is not a JSON object,
  a type newsbot does not handle → 400;
- no workspace (`team_id`) → 400: a request is never served as the CLI's default workspace.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt.request.internals import extract_team_id
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("newsbot.slack.guard")

REPLAY_WINDOW_SECONDS = 300  # Slack's own: an older timestamp fails the signature check anyway
JSON_TYPES = frozenset({"event_callback", "url_verification", "app_rate_limited"})
NO_WORKSPACE_TYPES = frozenset({"url_verification"})  # Slack's endpoint check carries no team


@dataclass(frozen=True, slots=True)
class Refusal:
    """The answer to a request that does not reach Bolt."""

    status: int
    body: str


ACKED = Refusal(200, "")


class RequestGuard:
    """Checks a request's signature, freshness, novelty and shape; see the module docstring."""

    def __init__(self, signing_secret: str, window: int = REPLAY_WINDOW_SECONDS) -> None:
        self.verifier = SignatureVerifier(signing_secret)
        self.window = window
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()
        self._next_prune = 0.0

    def check(self, body: str, headers: Mapping[str, str]) -> Refusal | None:
        """None if the request may go to Bolt; else what to answer instead. `headers`: lower-case names."""
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not timestamp or not signature:
            return Refusal(401, "missing signature")
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
            return Refusal(401, "bad timestamp")
        if not self.verifier.is_valid(body, timestamp, signature):
            log.info("request refused: invalid or stale signature", extra={"bytes": len(body)})
            return Refusal(401, "invalid signature")
        problem = shape_problem(body, headers.get("content-type", ""))
        if problem is not None:
            log.info("request refused", extra={"problem": problem})
            return Refusal(400, problem)
        if not self._first_time(f"{timestamp}:{signature}"):
            log.warning("replayed request acknowledged and ignored", extra={"timestamp": timestamp})
            return ACKED
        return None

    def _first_time(self, key: str) -> bool:
        now = time.time()
        with self._lock:
            if now >= self._next_prune:
                self._seen = {k: until for k, until in self._seen.items() if until > now}
                self._next_prune = now + 30
            if key in self._seen:
                return False
            self._seen[key] = now + 2 * self.window  # timestamps up to `window` ahead are valid too
            return True


def parse_like_bolt(body: str, content_type: str) -> Any:
    """The request body as Bolt will read it (`slack_bolt.request.internals.parse_body`)."""
    if content_type.split(";")[0].strip() == "application/json" or body.startswith("{"):
        return json.loads(body)
    form = dict(parse_qsl(body, keep_blank_values=True))
    if "payload" in body:
        return json.loads(form["payload"]) if "payload" in form else {}
    return form


def shape_problem(body: str, content_type: str) -> str | None:
    """Why Bolt could not handle this signed body, or None."""
    try:
        payload = parse_like_bolt(body, content_type)
    except (ValueError, RecursionError):
        return "body is not JSON or a form"
    if not isinstance(payload, dict) or not payload:
        return "body is not a JSON object or a form"
    kind = payload.get("type")
    if "command" in payload:
        if not isinstance(payload["command"], str) or not isinstance(payload.get("text", ""), str):
            return "malformed command"
        if not payload.get("response_url", "").startswith(("https://", "http://")):
            return "command without a response_url"
    elif "ssl_check" in payload:
        return None
    elif not isinstance(kind, str):
        return "request without a type"
    elif body.lstrip().startswith("{") and kind not in JSON_TYPES:
        return f"unknown request type {kind[:40]!r}"
    if kind in NO_WORKSPACE_TYPES:
        return None
    try:
        team = extract_team_id(payload)
    except (TypeError, KeyError, IndexError, AttributeError):
        return "malformed workspace fields"
    if not isinstance(team, str) or not team:
        return "request without a workspace (team_id)"
    return None
