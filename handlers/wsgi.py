"""The WSGI entry point for production HTTP: `gunicorn handlers.wsgi:app --bind 0.0.0.0:$PORT`.

The web processes only ack and queue; `newsbot worker` (the Procfile's `worker:` line) runs the queued
analyses and `newsbot clock` (`clock:`) posts the digests; web processes never run a scheduler.
"""

from __future__ import annotations

import atexit
import io
import json
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.logs import setup_logging
from bot.settings import Settings, get_settings
from bot.store.jobs import JobQueue
from handlers.app import build_app, open_deps
from handlers.guard import RequestGuard
from handlers.health import Health
from handlers.serve import EVENTS_PATH, MAX_BODY_BYTES, freeze_startup_objects

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def with_health(slack: WsgiApp, queue: JobQueue) -> WsgiApp:
    """`slack`, plus `GET /health` (`handlers.health`)."""
    health = Health(queue)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/health" and environ.get("REQUEST_METHOD") == "GET":
            status, body = health()
            start_response(f"{status} {HTTPStatus(status).phrase}", [("Content-Type", "application/json")])
            return [json.dumps(body).encode("utf-8")]
        return slack(environ, start_response)

    return app


def with_guard(slack: WsgiApp, guard: RequestGuard) -> WsgiApp:
    """`slack`, with every POST first checked by `guard` (`handlers.guard`); refusals answered here."""

    def answer(start_response: Callable[..., Any], status: int, body: str) -> Iterable[bytes]:
        phrase = HTTPStatus(status).phrase
        start_response(f"{status} {phrase}", [("Content-Type", "text/plain")])
        return [body.encode("utf-8")]

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != EVENTS_PATH:
            return slack(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return answer(start_response, 400, "bad Content-Length")
        if length < 0:
            return answer(start_response, 400, "bad Content-Length")
        if length > MAX_BODY_BYTES:
            return answer(start_response, 413, "Payload Too Large")
        raw = environ["wsgi.input"].read(length)
        body = raw.decode("utf-8", errors="replace")
        headers = {
            key[5:].replace("_", "-").lower(): str(value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        headers["content-type"] = str(environ.get("CONTENT_TYPE", ""))
        refusal = guard.check(body, headers)
        if refusal is not None:
            return answer(start_response, refusal.status, refusal.body)
        environ["wsgi.input"] = io.BytesIO(raw)
        try:
            return slack(environ, start_response)
        except Exception:  # noqa: BLE001 - a body shape Bolt cannot take: a short 400
            return answer(start_response, 400, "malformed request")

    return app


def create_wsgi_app(settings: Settings) -> WsgiApp:
    """A WSGI callable serving the Slack app at `/slack/events` and `GET /health`."""
    setup_logging(settings.log_level)
    deps = open_deps(settings)
    bolt_app = build_app(settings, deps)
    atexit.register(deps.submitter.close)
    freeze_startup_objects()
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    slack = with_guard(SlackRequestHandler(bolt_app, path=EVENTS_PATH), RequestGuard(secret))
    return with_health(slack, deps.submitter.queue)


app = create_wsgi_app(get_settings())
