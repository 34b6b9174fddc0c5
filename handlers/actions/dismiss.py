"""The "Not a contradiction" / "Different event" buttons: record the dismissal, show it in the message."""

from __future__ import annotations

import logging
from typing import Any

from bot.settings import Settings
from bot.store import Store
from handlers.blocks import DISMISS_REASONS, mark_dismissed, notice
from handlers.common import user_error, workspace_of
from handlers.views.home import home_for

GONE = "That finding no longer exists."


def dismiss_finding(
    ack: Any,
    body: dict[str, Any],
    action: dict[str, Any],
    client: Any,
    respond: Any,
    logger: logging.Logger,
    *,
    store: Store,
    settings: Settings,
) -> None:
    """Ack, record the dismissal (`Store.dismiss`), then update the message or Home tab it came from."""
    ack()
    workspace = workspace_of(body, settings.default_workspace)
    user = body.get("user", {}).get("id")
    reason = DISMISS_REASONS[action["action_id"]]
    try:
        finding_id = int(action["value"])
        row = store.dismiss(workspace, finding_id, reason, user)
        if row is None:
            respond(response_type="ephemeral", replace_original=False, **notice(GONE).as_kwargs())
            return
        logger.info(
            "finding dismissed", extra={"workspace": workspace, "finding": finding_id, "reason": reason}
        )
        show_dismissed(body, client, respond, store, workspace, finding_id, reason, user)
    except Exception as exc:  # noqa: BLE001 - a short note for the user, the details in the log
        note = user_error(exc, logger, "dismiss")
        respond(response_type="ephemeral", replace_original=False, **notice(note).as_kwargs())


def show_dismissed(
    body: dict[str, Any],
    client: Any,
    respond: Any,
    store: Store,
    workspace: str,
    finding_id: int,
    reason: str,
    user: str | None,
) -> None:
    """Replace the finding's buttons with a note: `chat.update`, `response_url` or `views.publish`."""
    if body.get("view", {}).get("type") == "home":
        client.views_publish(user_id=user, view=home_for(store, workspace))
        return
    message = body.get("message") or {}
    blocks = mark_dismissed(message.get("blocks", []), finding_id, reason, user)
    text = message.get("text") or "Finding dismissed"
    if body.get("container", {}).get("is_ephemeral") or not message.get("ts"):
        respond(replace_original=True, text=text, blocks=blocks)
    else:
        client.chat_update(channel=body["channel"]["id"], ts=message["ts"], text=text, blocks=blocks)
