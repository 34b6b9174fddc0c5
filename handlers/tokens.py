"""A workspace's Web API client for work that no Slack request triggers (worker jobs, digests).

Token mode (`SLACK_CLIENT_ID` unset): the one client of `SLACK_BOT_TOKEN`, whatever the workspace.
OAuth mode: the bot token the installation store holds for the workspace; a rotating token that has
expired, or expires within `NEWSBOT_TOKEN_ROTATION_MINUTES`, is refreshed (`oauth.v2.access` with its
refresh token) and saved first, as Bolt does for requests (`handlers.install.StoredTokens`).
"""

from __future__ import annotations

import logging
from functools import lru_cache

from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine, desc, select

from bot.settings import Settings
from bot.store import make_engine
from handlers.app import api_client, make_client
from handlers.install import client_secret, installation_store

log = logging.getLogger("newsbot.slack.tokens")


class NotInstalled(LookupError):
    """No usable bot token for the workspace: never installed, uninstalled, or its token was revoked."""

    def __init__(self, team_id: str, why: str = "no installation") -> None:
        super().__init__(f"newsbot is not installed in workspace {team_id} ({why})")
        self.team_id = team_id


def client_for(
    settings: Settings, team_id: str, enterprise_id: str | None = None, *, engine: Engine | None = None
) -> WebClient:
    """The Web API client that acts in workspace `team_id`. Raises `NotInstalled` in OAuth mode when
    the workspace has no bot token. `engine`: the database's (default: one for `DATABASE_URL`)."""
    if not settings.oauth:
        return make_client(settings)
    store = installation_store(settings, engine if engine is not None else _engine(settings.database_url))
    bot = find_bot(store, team_id, enterprise_id)
    if bot is None or not bot.bot_token:
        raise NotInstalled(team_id)
    return api_client(settings, fresh(settings, store, bot).bot_token)


def find_bot(store: SQLAlchemyInstallationStore, team_id: str, enterprise_id: str | None) -> Bot | None:
    """The workspace's latest bot installation. A job or a digest knows its team; the enterprise (of
    an Enterprise Grid workspace) is then read from the stored installation."""
    if enterprise_id is None:
        enterprise_id = enterprise_of(store, team_id)
    return store.find_bot(enterprise_id=enterprise_id, team_id=team_id)


def enterprise_of(store: SQLAlchemyInstallationStore, team_id: str) -> str | None:
    bots = store.bots.c
    query = (
        select(bots.enterprise_id)
        .where(bots.client_id == store.client_id, bots.team_id == team_id)
        .order_by(desc(bots.installed_at))
        .limit(1)
    )
    with store.engine.connect() as conn:
        return conn.scalar(query)


def fresh(settings: Settings, store: SQLAlchemyInstallationStore, bot: Bot) -> Bot:
    """`bot`, its token refreshed and saved first if it rotates and is expired or about to be."""
    if bot.bot_refresh_token is None:
        return bot
    rotator = TokenRotator(
        client_id=store.client_id, client_secret=client_secret(settings), client=api_client(settings)
    )
    try:
        refreshed = rotator.perform_bot_token_rotation(
            bot=bot, minutes_before_expiration=settings.token_rotation_minutes
        )
    except SlackTokenRotationError as exc:  # the refresh token was revoked: nothing can act there now
        log.error("bot token could not be refreshed", extra={"workspace": bot.team_id, "error": str(exc)})
        raise NotInstalled(str(bot.team_id), "its token could not be refreshed") from exc
    if refreshed is None:
        return bot
    store.save_bot(refreshed)
    log.info(
        "bot token refreshed", extra={"workspace": bot.team_id, "expires_at": refreshed.bot_token_expires_at}
    )
    return refreshed


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return make_engine(url)
