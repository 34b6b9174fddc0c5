"""The WSGI entry point for production HTTP: `gunicorn handlers.wsgi:app --bind 0.0.0.0:$PORT`.

The web processes only ack and queue; `newsbot worker` (the Procfile's `worker:` line) runs the queued
analyses. Every gunicorn worker that imports this module runs the digest scheduler; the per-channel,
per-day claim in `handlers.digest` makes sure only one of them posts a given digest.
"""

from __future__ import annotations

import atexit

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.logs import setup_logging
from bot.settings import Settings, get_settings
from handlers.app import build_app, open_deps
from handlers.digest import start_scheduler, stop_scheduler
from handlers.serve import EVENTS_PATH, freeze_startup_objects


def create_wsgi_app(settings: Settings) -> tuple[SlackRequestHandler, BackgroundScheduler]:
    """A WSGI callable serving the Slack app at `/slack/events`, and its started digest scheduler."""
    setup_logging(settings.log_level)
    deps = open_deps(settings)
    bolt_app = build_app(settings, deps)
    scheduler = start_scheduler(lambda _workspace: bolt_app.client, deps.store)
    atexit.register(stop_scheduler, scheduler)
    atexit.register(deps.submitter.close)
    freeze_startup_objects()
    return SlackRequestHandler(bolt_app, path=EVENTS_PATH), scheduler


app, scheduler = create_wsgi_app(get_settings())
