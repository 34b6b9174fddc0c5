"""The reply to analyzed articles: who pasted each one where (stored with it), the verdict and details
rendered with the sources of both sides of every finding, and the verdict's permalink stored once it is
posted, so that later findings against the article can link to where it was analyzed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from handlers.blocks import Message, report_messages

if TYPE_CHECKING:
    from bot.models import Report
    from bot.store import Store

# Slack's `channel_name` for conversations that have no name a reader would recognise.
UNNAMED_CHANNELS = frozenset({"privategroup", "directmessage", "mpdm"})


@dataclass(slots=True)
class Reply:
    """The messages answering one article: the verdict first, then its details (for the thread)."""

    article_id: int
    messages: list[Message]


def slack_origin(body: dict[str, Any]) -> dict[str, str]:
    """Who asked where, from a slash command, an event or a shortcut; names only where Slack sends them."""
    event = body.get("event") or {}
    channel, user = body.get("channel"), body.get("user")
    channel = channel if isinstance(channel, dict) else {}
    user = user if isinstance(user, dict) else {}
    origin = {
        "channel_id": body.get("channel_id") or event.get("channel") or channel.get("id"),
        "channel_name": body.get("channel_name") or channel.get("name"),
        "user_id": body.get("user_id") or event.get("user") or user.get("id"),
        "user_name": body.get("user_name") or user.get("username") or user.get("name"),
    }
    if origin["channel_name"] in UNNAMED_CHANNELS or str(origin["channel_name"] or "").startswith("mpdm-"):
        origin["channel_name"] = None
    return {k: str(v)[:200] for k, v in origin.items() if v}


def build_replies(
    store: Store, workspace: str, reports: list[Report], origin: dict[str, str] | None
) -> list[Reply]:
    """The replies to `reports`; new articles get `origin` stored first, so that they are named by it."""
    new = [r.article.id for r in reports if not r.already_seen]
    if origin:
        store.note_slack_origin(workspace, new, origin=origin)
    ids = {r.article.id for r in reports} | {
        side.article_id for r in reports for f in r.findings for side in (f.a, f.b)
    }
    sources = store.article_sources(workspace, ids)
    others = max(0, store.count_articles(workspace) - 1)  # the articles stored besides this one
    return [Reply(r.article.id, report_messages(r, sources, others)) for r in reports]


def permalink_keeper(
    client: Any, store: Store, workspace: str, channel: str, logger: logging.Logger
) -> Callable[[Reply, str], None]:
    """An `on_posted` for `post_or_respond`: stores each posted verdict's permalink with its article."""

    def keep(reply: Reply, ts: str) -> None:
        remember_permalink(client, store, workspace, reply, channel, ts, logger)

    return keep


def remember_permalink(
    client: Any, store: Store, workspace: str, reply: Reply, channel: str, ts: str, logger: logging.Logger
) -> None:
    """Store the permalink of the posted verdict (`chat.getPermalink`); a failure only costs the link."""
    if not ts:
        return
    try:
        link = client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
        if link:
            store.note_slack_origin(workspace, [reply.article_id], permalink=str(link))
    except Exception as exc:  # noqa: BLE001 - the reply was posted; only the link is missing
        logger.warning("no permalink stored", extra={"article_id": reply.article_id, "error": str(exc)})
