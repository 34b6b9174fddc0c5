"""The App Home tab: this week's open findings and where the digest goes."""

from __future__ import annotations

import logging
from typing import Any

from bot.models import Finding
from bot.settings import Settings
from bot.store import Store
from bot.store.repository import finding_of
from handlers.blocks import home_view
from handlers.common import user_error, workspace_of

HOME_DAYS = 7


def open_findings(store: Store, workspace: str) -> list[Finding]:
    return [finding_of(row) for row in store.recent_findings(workspace, days=HOME_DAYS)]


def home_for(store: Store, workspace: str) -> dict[str, Any]:
    """The Home view of a workspace, read from the store."""
    channels = [(r.channel_id, r.hour_utc, r.enabled) for r in store.digest_channels(workspace)]
    return home_view(open_findings(store, workspace), channels)


def publish_home(
    body: dict[str, Any],
    event: dict[str, Any],
    client: Any,
    logger: logging.Logger,
    *,
    store: Store,
    settings: Settings,
) -> None:
    """`app_home_opened` → `views.publish` (a Bolt lazy listener)."""
    if event.get("tab", "home") != "home":
        return
    workspace = workspace_of(body, settings.default_workspace)
    try:
        client.views_publish(user_id=event["user"], view=home_for(store, workspace))
    except Exception as exc:  # noqa: BLE001 - Home stays as it was; the log has the reason
        user_error(exc, logger, "app_home_opened")
