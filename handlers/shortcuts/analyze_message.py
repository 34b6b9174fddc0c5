"""Message shortcut "Analyze with newsbot": analyze any message and reply in its thread."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.settings import Settings
from handlers.blocks import notice
from handlers.common import AnalyzerLike, analyze, post_or_respond, user_error, workspace_of
from handlers.reply import permalink_keeper, slack_origin

CALLBACK_ID = "analyze_message"


def ack_shortcut(ack: Any, body: Any = None) -> None:
    ack()


def run_analyze_message(
    body: dict[str, Any],
    client: Any,
    respond: Any,
    logger: logging.Logger,
    *,
    analyzer: AnalyzerLike,
    settings: Settings,
) -> None:
    """Analyze the message the shortcut was used on and reply in its thread (a job run by the worker)."""
    message = body.get("message", {})
    channel = body.get("channel", {}).get("id", "")
    user = body.get("user", {}).get("id", "")
    thread_ts = message.get("thread_ts") or message.get("ts")
    workspace = workspace_of(body)
    try:
        replies, error = analyze(
            analyzer,
            message.get("text", ""),
            workspace=workspace,
            source=f"slack:{channel}",
            logger=logger,
            origin=slack_origin(body),
        )
        if error:
            tell_user(client, respond, channel, user, thread_ts, error)
            return
        keep = permalink_keeper(client, analyzer.store, workspace, channel, logger)
        post_or_respond(client, respond, channel, replies, logger, thread_ts=thread_ts, on_posted=keep)
    except Exception as exc:  # noqa: BLE001 - a short note for the user, the details in the log
        tell_user(client, respond, channel, user, thread_ts, user_error(exc, logger, CALLBACK_ID))


def tell_user(client: Any, respond: Any, channel: str, user: str, thread_ts: str | None, text: str) -> None:
    """An ephemeral note to the user who used the shortcut (through `response_url` if the bot is out)."""
    message = notice(text)
    try:
        client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, **message.as_kwargs())
    except SlackApiError:
        respond(response_type="ephemeral", **message.as_kwargs())
