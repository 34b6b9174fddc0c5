"""The WSGI entry point for production HTTP: `gunicorn handlers.wsgi:app --bind 0.0.0.0:$PORT`.

The web processes only ack and queue; `newsbot worker` (the Procfile's `worker:` line) runs the queued
analyses and `newsbot clock` (`clock:`) posts the digests; web processes never run a scheduler.
"""

from __future__ import annotations

import atexit
import json
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.logs import setup_logging
from bot.settings import Settings, get_settings
from bot.store.jobs import JobQueue
from handlers.app import build_app, open_deps
from handlers.health import health
from handlers.serve import EVENTS_PATH, freeze_startup_objects

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def with_health(slack: WsgiApp, queue: JobQueue) -> WsgiApp:
    """`slack`, plus `GET /health` (`handlers.health`)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/health" and environ.get("REQUEST_METHOD") == "GET":
            status, body = health(queue)
            start_response(f"{status} {HTTPStatus(status).phrase}", [("Content-Type", "application/json")])
            return [json.dumps(body).encode("utf-8")]
        return slack(environ, start_response)

    return app


def create_wsgi_app(settings: Settings) -> WsgiApp:
    """A WSGI callable serving the Slack app at `/slack/events` and `GET /health`."""
    setup_logging(settings.log_level)
    deps = open_deps(settings)
    bolt_app = build_app(settings, deps)
    atexit.register(deps.submitter.close)
    freeze_startup_objects()
    return with_health(SlackRequestHandler(bolt_app, path=EVENTS_PATH), deps.submitter.queue)


app = create_wsgi_app(get_settings())
