"""The buttons under each finding: "Correct", "Not a contradiction", "Different event".

Every click is stored as a verdict (`Store.add_feedback`: who, when, which finding, which button), so a
newsroom's own verdicts can calibrate the comparison (`newsbot feedback export`). The two dismiss
buttons also dismiss the pair, which is then never flagged again in the workspace. The message (or
Home tab) shows the verdict in place of the buttons.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.settings import Settings
from bot.store import Store
from handlers.blocks import DISMISS_REASONS, VERDICTS, mark_verdict, notice
from handlers.common import no_reply, user_error, workspace_of
from handlers.views.home import home_for

GONE = "That finding no longer exists."
BAD_VALUE = "That button does not name a finding newsbot knows; nothing was recorded."
# Finding ids are database integers; a button value is at most this many digits.
MAX_ID_DIGITS = 18


def finding_id_of(action: dict[str, Any]) -> int | None:
    """The finding id a verdict button carries, or None for an empty, non-numeric or absurd value."""
    value = action.get("value")
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > MAX_ID_DIGITS:
        return None
    return int(value)


def record_verdict(
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
    """Ack, store the verdict (and the dismissal, for the dismiss buttons), then show it in place."""
    ack()
    respond = respond or no_reply(logger, "verdict")
    try:
        workspace = workspace_of(body)
        user = body.get("user", {}).get("id")
        verdict = VERDICTS[action["action_id"]]
        finding_id = finding_id_of(action)
        if finding_id is None:
            respond(response_type="ephemeral", replace_original=False, **notice(BAD_VALUE).as_kwargs())
            return
        row = store.add_feedback(workspace, finding_id, verdict, user)
        dismiss = action["action_id"] in DISMISS_REASONS
        if row is not None and dismiss and store.dismiss(workspace, finding_id, verdict, user) is None:
            row = None
        if row is None:
            respond(response_type="ephemeral", replace_original=False, **notice(GONE).as_kwargs())
            return
        logger.info(
            "verdict stored", extra={"workspace": workspace, "finding": finding_id, "verdict": verdict}
        )
        show_verdict(body, client, respond, store, workspace, finding_id, verdict, user)
    except Exception as exc:  # noqa: BLE001 - a short note for the user, the details in the log
        note = user_error(exc, logger, "verdict")
        respond(response_type="ephemeral", replace_original=False, **notice(note).as_kwargs())


def show_verdict(
    body: dict[str, Any],
    client: Any,
    respond: Any,
    store: Store,
    workspace: str,
    finding_id: int,
    verdict: str,
    user: str | None,
) -> None:
    """Replace the finding's buttons with a note: `chat.update`, `response_url` or `views.publish`."""
    if body.get("view", {}).get("type") == "home":
        client.views_publish(user_id=user, view=home_for(store, workspace))
        return
    message = body.get("message") or {}
    blocks = mark_verdict(message.get("blocks", []), finding_id, verdict, user)
    text = message.get("text") or "Verdict recorded"
    if body.get("container", {}).get("is_ephemeral") or not message.get("ts"):
        respond(replace_original=True, text=text, blocks=blocks)
    else:
        client.chat_update(channel=body["channel"]["id"], ts=message["ts"], text=text, blocks=blocks)
