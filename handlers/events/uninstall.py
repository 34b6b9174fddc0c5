"""`app_uninstalled` and `tokens_revoked`: forget the workspace's tokens, and with
`NEWSBOT_UNINSTALL_DATA=delete` everything stored for it.

Slack sends both when newsbot is removed from a workspace; `tokens_revoked` alone when its tokens are
revoked. Bolt acks them without looking up a token (the token is gone already). In token mode there is
no installation store: the event is logged, and the data setting still applies to `app_uninstalled`.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.listener.builtins import TokenRevocationListeners
from slack_sdk.oauth.installation_store import InstallationStore

from bot.settings import Settings
from bot.store import Store

log = logging.getLogger("newsbot.slack.uninstall")


def forget_workspace(
    context: Any, *, settings: Settings, store: Store, installations: InstallationStore | None
) -> None:
    """`app_uninstalled`: delete the workspace's installation and bot token; its data if so set."""
    team, enterprise = context.team_id, context.enterprise_id
    if installations is not None:
        TokenRevocationListeners(installations).handle_app_uninstalled_events(context)
    where = {"workspace": team, "enterprise": enterprise}
    log.info("app uninstalled; tokens deleted" if installations else "app uninstalled", extra=where)
    if not team:
        return
    if settings.uninstall_data == "delete":
        deleted = store.delete_workspace(team)
        log.info("workspace data deleted", extra={**where, "rows": dict(deleted.counts)})
    else:
        log.info("workspace data kept (NEWSBOT_UNINSTALL_DATA=keep)", extra=where)


def forget_tokens(event: dict[str, Any], context: Any, *, installations: InstallationStore | None) -> None:
    """`tokens_revoked`: delete the revoked bot token (and any user's installation) of the workspace."""
    tokens = event.get("tokens") or {}
    if installations is not None:
        TokenRevocationListeners(installations).handle_tokens_revoked_events(event, context)
    log.info(
        "tokens revoked",
        extra={
            "workspace": context.team_id,
            "bot_tokens": len(tokens.get("bot") or []),
            "user_tokens": len(tokens.get("oauth") or []),
            "deleted": installations is not None,
        },
    )
