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
    from handlers.deps import Deps

# A 429 is retried after its Retry-After this many times before the call fails.
RATE_LIMIT_RETRIES = 3

log = logging.getLogger("newsbot.slack")


class SlackConfigError(RuntimeError):
    """A Slack setting is missing; the message names the environment variable."""


def api_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client for `token` (None: for OAuth calls, which carry the app's credentials), its base
    URL from settings, 429s retried after Retry-After."""
    base_url = (
        settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    )
    client = WebClient(token=token, base_url=base_url, logger=log)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


def make_client(settings: Settings) -> WebClient:
    """The Web API client of the one workspace of `SLACK_BOT_TOKEN` (token mode)."""
    if settings.slack_bot_token is None:
        raise SlackConfigError("SLACK_BOT_TOKEN is not set")
    return api_client(settings, settings.slack_bot_token.get_secret_value())


def build_app(settings: Settings, deps: Deps | None = None) -> App:
    """The Slack app with every listener registered. In token mode it calls `auth.test` once to learn
    the bot's id; in OAuth mode (`SLACK_CLIENT_ID` set) each request's workspace gets its own token from
    the installation store, and `/slack/install` and `/slack/oauth_redirect` install it
    (`handlers.install`).

    The app acks and queues; the analyses run in a worker (`handlers.worker`). Without `deps`, the
    database of `settings` is opened (and migrated) here."""
    if settings.slack_signing_secret is None:
        raise SlackConfigError("SLACK_SIGNING_SECRET is not set")
    if deps is None:
        deps = open_deps(settings)
    if settings.oauth:
        from handlers.install import oauth_options

        if settings.slack_bot_token is not None:
            log.warning("SLACK_BOT_TOKEN ignored: with SLACK_CLIENT_ID each workspace has its own token")
        client = api_client(settings)
        options = oauth_options(settings, deps.store.engine, client)
    else:
        client, options = make_client(settings), {}
    app = App(
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        client=client,
        logger=log,
        process_before_response=False,  # ack first; the work is queued for the worker
        **options,
    )
    register_handlers(app, deps)
    return app


def open_deps(settings: Settings) -> Deps:
    """The web process's database handle and job submitter for `settings`."""
    from bot.store import Store
    from bot.store.jobs import JobQueue
    from handlers.deps import Deps
    from handlers.enqueue import JobSubmitter

    store = Store.open(settings.database_url)
    return Deps(settings, store, JobSubmitter(JobQueue(store)))
