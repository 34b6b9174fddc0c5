"""The "Next 10" button under search results: the next page, in place of the one shown."""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.aliases import AliasTable
from bot.search import search
from bot.settings import Settings
from bot.store import Store
from handlers.blocks import notice, search_messages
from handlers.common import no_reply, user_error, workspace_of


def next_page(
    ack: Any,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Any,
    logger: logging.Logger,
    *,
    store: Store,
    settings: Settings,
) -> None:
    """Ack, then answer the button's query from its offset (a quick indexed read: no model needed)."""
    ack()
    respond = respond or no_reply(logger, "search next")
    try:
        workspace = workspace_of(body)  # NoWorkspace is a ValueError: the one-line note below
        value = json.loads(action.get("value") or "")
        query, offset = str(value["q"]), int(value["o"])
        if offset < 0:
            raise ValueError(offset)
    except (ValueError, KeyError, TypeError):
        respond(
            replace_original=False, **notice("That search button is out of date; search again.").as_kwargs()
        )
        return
    try:
        aliases = AliasTable.load(settings.alias_file, extra=store.workspace_aliases(workspace))
        (message, *_) = search_messages(search(store, aliases, workspace, query, offset=offset))
        respond(replace_original=True, **message.as_kwargs())
    except Exception as exc:  # noqa: BLE001 - a short note for the user, the details in the log
        respond(replace_original=False, **notice(user_error(exc, logger, "search next")).as_kwargs())
