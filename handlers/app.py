"""Building the Bolt `App`: the Web API client (pointed at `SLACK_API_URL`, retrying 429s) and listeners."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.settings import Settings
from handlers import register_handlers

if TYPE_CHECKING:
    from handlers.common import AnalyzerLike

# A 429 is retried after its Retry-After this many times before the call fails.
RATE_LIMIT_RETRIES = 3

log = logging.getLogger("newsbot.slack")


class SlackConfigError(RuntimeError):
    """A Slack setting is missing; the message names the environment variable."""


def make_client(settings: Settings) -> WebClient:
    """The Web API client: bot token, base URL from settings, 429s retried after Retry-After."""
    if settings.slack_bot_token is None:
        raise SlackConfigError("SLACK_BOT_TOKEN is not set")
    base_url = (
        settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    )
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=base_url, logger=log)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


def build_app(settings: Settings, analyzer: AnalyzerLike | None = None) -> App:
    """The Slack app with every listener registered. Calls `auth.test` once to learn the bot's id."""
    if settings.slack_signing_secret is None:
        raise SlackConfigError("SLACK_SIGNING_SECRET is not set")
    if analyzer is None:
        from bot.pipeline import Analyzer

        analyzer = Analyzer(settings)
    client = make_client(settings)
    app = App(
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        client=client,
        logger=log,
        process_before_response=False,  # ack first; lazy listeners do the work afterwards
    )
    register_handlers(app, analyzer, settings)
    return app
