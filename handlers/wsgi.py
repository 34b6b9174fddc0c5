"""newsbot's one WSGI app: gunicorn serves it in production (`gunicorn handlers.wsgi:app`, the Procfile's
`web:`), waitress under `newsbot serve` (`handlers.serve`). What it routes:

- `GET /health` → `handlers.health.Health`;
- every POST → `handlers.guard.RequestGuard` first (signature, replays, shape, workspace), then Bolt's
  own WSGI adapter, the one place that maps paths to Bolt: `POST /slack/events` to `App.dispatch` and,
  when the app has an OAuth flow, `GET /slack/install` and `/slack/oauth_redirect` to it;
- anything else → the adapter's 404.

The web processes only ack and queue; `newsbot worker` (the Procfile's `worker:` line) runs the queued
analyses and `newsbot clock` (`clock:`) posts the digests; web processes never run a scheduler.
"""

from __future__ import annotations

import atexit
import gc
import io
import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.logs import setup_logging
from bot.settings import Settings, get_settings
from bot.store.jobs import JobQueue
from handlers.app import SlackConfigError, build_app, open_deps
from handlers.guard import RequestGuard
from handlers.health import Health

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

EVENTS_PATH = "/slack/events"
# Slack's payloads stay far below this; the article limit is 1 MB of text. waitress refuses a larger
# body itself (413, `handlers.serve.SERVER_OPTIONS`); gunicorn has no body limit, so the app checks too.
MAX_BODY_BYTES = 2_000_000

log = logging.getLogger("newsbot.slack.http")


def wsgi_app(
    settings: Settings, bolt: App, queue: JobQueue, on_request: Callable[[], None] | None = None
) -> WsgiApp:
    """The WSGI app of the module docstring around `bolt`; `on_request` is called as each POST arrives."""
    if settings.slack_signing_secret is None:
        raise SlackConfigError("SLACK_SIGNING_SECRET is not set")
    guard = RequestGuard(settings.slack_signing_secret.get_secret_value())
    slack = SlackRequestHandler(bolt, path=EVENTS_PATH)
    health = Health(queue)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method == "POST":
            if on_request is not None:
                on_request()
            return guarded(guard, slack, environ, start_response)
        if method == "GET" and environ.get("PATH_INFO") == "/health":
            status, body = health()
            return answer(start_response, status, json.dumps(body), "application/json")
        return slack(environ, start_response)

    return app


def guarded(
    guard: RequestGuard, slack: WsgiApp, environ: dict[str, Any], start_response: Callable[..., Any]
) -> Iterable[bytes]:
    """`slack` for a POST that `guard` lets through; the guard's refusal (a short 4xx, or an empty ack
    for a replay) otherwise."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if length < 0:
        return answer(start_response, 400, "bad Content-Length")
    if length > MAX_BODY_BYTES:
        return answer(start_response, 413, "Payload Too Large")
    raw = environ["wsgi.input"].read(length)
    body = raw.decode("utf-8", errors="replace")  # a bad byte fails the signature
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
    except Exception:  # noqa: BLE001 - a body shape Bolt cannot take: a short 400, never a drop or a 500
        log.warning("request Bolt could not handle", exc_info=True)
        return answer(start_response, 400, "malformed request")


def answer(
    start_response: Callable[..., Any], status: int, body: str, content_type: str = "text/plain"
) -> Iterable[bytes]:
    payload = body.encode("utf-8")
    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
    )
    return [payload]


def freeze_startup_objects() -> None:
    """Keep the ~100k objects of startup (Bolt, SQLAlchemy, Alembic) out of later garbage collections.

    A full collection over them paused every request thread for 60-80 ms in the middle of a burst
    (`benchmarks/slack_ack.py`: the slowest acks all fell in one such window). They live as long as
    the process anyway; `gc.freeze` is the standard remedy for long-running servers.
    """
    gc.collect()
    gc.freeze()


def create_wsgi_app(settings: Settings) -> WsgiApp:
    """gunicorn's app: `wsgi_app` over the database of `settings`; no worker here (`newsbot worker`)."""
    setup_logging(settings.log_level)
    deps = open_deps(settings)
    bolt = build_app(settings, deps)
    atexit.register(deps.submitter.close)
    freeze_startup_objects()
    return wsgi_app(settings, bolt, deps.submitter.queue)


def __getattr__(name: str) -> WsgiApp:
    """`app` (gunicorn's `handlers.wsgi:app`), built when first asked for: importing this module for
    `wsgi_app` (`newsbot serve`) opens no database and builds no second Bolt app."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    app = create_wsgi_app(get_settings())
    globals()["app"] = app
    return app
