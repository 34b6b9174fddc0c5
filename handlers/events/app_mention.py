"""`@newsbot` mentions: analyze the pasted article or link, or the thread's parent message, and reply
in the thread. Slack retries an event it thinks was lost; the job for an event is queued together with
unique rows for its keys (`event_keys`), so a redelivery queues nothing."""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.settings import Settings
from handlers.blocks import notice
from handlers.common import AnalyzerLike, analyze, post_thread, user_error, workspace_of
from handlers.reply import permalink_keeper, slack_origin

MENTION_HINT = (
    "Mention me with an article or a link, or mention me alone in a thread to analyze its first message."
)


def ack_event(ack: Any, body: Any = None) -> None:
    ack()


def event_keys(body: dict[str, Any]) -> list[str]:
    """The keys that make one delivery of this event unique: its event_id and its message."""
    event = body.get("event", {})
    keys = [f"event:{body['event_id']}"] if body.get("event_id") else []
    if event.get("channel") and event.get("ts"):
        keys.append(f"message:{event['channel']}:{event['ts']}")
    return keys


def strip_mentions(text: str, bot_user_id: str | None) -> str:
    """The message without the bot's own mention(s)."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return text.strip()


def parent_text(client: Any, channel: str, thread_ts: str) -> str:
    """The first message of a thread (the article someone posted), as Slack stores it."""
    replies = client.conversations_replies(channel=channel, ts=thread_ts, limit=1, inclusive=True)
    messages = replies.get("messages") or []
    return messages[0].get("text", "") if messages else ""


def handle_mention(
    body: dict[str, Any],
    event: dict[str, Any],
    client: Any,
    context: Any,
    logger: logging.Logger,
    *,
    analyzer: AnalyzerLike,
    settings: Settings,
) -> None:
    """Analyze what the mention points at and reply in its thread (a queued job, in the worker)."""
    channel = event.get("channel", "")
    thread_ts = event.get("thread_ts") or event.get("ts")
    try:
        bot_user_id = context.get("bot_user_id") if context is not None else None
        text = strip_mentions(event.get("text", ""), bot_user_id)
        in_thread = event.get("thread_ts") not in (None, event.get("ts"))
        if not text and in_thread:
            text = strip_mentions(parent_text(client, channel, event["thread_ts"]), bot_user_id)
        if not text:
            post_thread(client, channel, [notice(MENTION_HINT)], thread_ts)
            return
        workspace = workspace_of(body)
        replies, error = analyze(
            analyzer,
            text,
            workspace=workspace,
            source=f"slack:{channel}",
            logger=logger,
            origin=slack_origin(body),
        )
        if error:
            post_thread(client, channel, [notice(error)], thread_ts)
        keep = permalink_keeper(client, analyzer.store, workspace, channel, logger)
        for reply in replies:  # the verdict is the first reply in the thread, the details the next
            keep(reply, post_thread(client, channel, reply.messages, thread_ts))
    except Exception as exc:  # noqa: BLE001 - the thread gets a short note, the log the details
        note = user_error(exc, logger, "app_mention")
        try:
            post_thread(client, channel, [notice(note)], thread_ts)
        except Exception:  # noqa: BLE001 - nowhere left to tell the user
            logger.exception("could not post the error note", extra={"channel": channel})
