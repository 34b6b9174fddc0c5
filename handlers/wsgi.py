"""The WSGI entry point for production HTTP: `gunicorn handlers.wsgi:app --bind 0.0.0.0:$PORT`."""

from __future__ import annotations

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.logs import setup_logging
from bot.settings import Settings, get_settings
from handlers.app import build_app
from handlers.serve import EVENTS_PATH


def create_wsgi_app(settings: Settings) -> SlackRequestHandler:
    """A WSGI callable serving the Slack app at `/slack/events`."""
    setup_logging(settings.log_level)
    return SlackRequestHandler(build_app(settings), path=EVENTS_PATH)


app = create_wsgi_app(get_settings())
