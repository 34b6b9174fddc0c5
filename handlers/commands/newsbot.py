"""`/newsbot`: ack at once with a short ephemeral note; the work is queued and done by the worker."""

from __future__ import annotations

import logging
from typing import Any

from bot.settings import Settings
from handlers.blocks import help_message, notice, search_messages
from handlers.commands.digest import run_digest
from handlers.commands.parse import Command, parse_command
from handlers.common import AnalyzerLike, analyze, post_or_respond, user_error, workspace_of
from handlers.reply import permalink_keeper, slack_origin

ACK_NOTES = {
    "analyze": "Analyzing… the summary will appear in this channel.",
    "search": "Searching stored claims…",
    "alias": "Saving the alias…",
}
DIGEST_ACK_NOTES = {
    "show": "Looking up this channel's digest…",
    "here": "Setting this channel's digest…",
    "off": "Turning this channel's digest off…",
    "now": "Preparing a preview of this channel's digest…",
}


def ack_newsbot(ack: Any, command: dict[str, Any]) -> None:
    """Answer Slack within 3 s: help and mistakes at once, an "analyzing…" note for the rest."""
    parsed = parse_command(command.get("text", ""))
    if parsed.kind == "help":
        ack(response_type="ephemeral", **help_message().as_kwargs())
    elif parsed.kind == "invalid":
        ack(response_type="ephemeral", **notice(parsed.text).as_kwargs())
    elif parsed.kind == "digest":
        ack(response_type="ephemeral", text=DIGEST_ACK_NOTES[parsed.action])
    else:
        ack(response_type="ephemeral", text=ACK_NOTES[parsed.kind])


def needs_work(body: dict[str, Any]) -> bool:
    """Whether a command needs work after its ack (help and mistakes are answered by the ack)."""
    return parse_command(body.get("text", "")).kind not in ("help", "invalid")


def run_newsbot(
    body: dict[str, Any],
    client: Any,
    respond: Any,
    logger: logging.Logger,
    *,
    analyzer: AnalyzerLike,
    settings: Settings,
) -> None:
    """Analyze, search, alias or set the digest, as the command asked (a job run by the worker)."""
    parsed = parse_command(body.get("text", ""))
    workspace = workspace_of(body)
    try:
        if parsed.kind == "analyze":
            analyze_command(parsed, body, client, respond, logger, analyzer, workspace)
        elif parsed.kind == "search":
            for message in search_messages(analyzer.search(workspace, parsed.text)):
                respond(response_type="ephemeral", **message.as_kwargs())
        elif parsed.kind == "alias":
            analyzer.add_alias(workspace, parsed.variant, parsed.canonical, body.get("user_id"))
            respond(
                response_type="ephemeral",
                **notice(f"From now on “{parsed.variant}” counts as “{parsed.canonical}”.").as_kwargs(),
            )
        elif parsed.kind == "digest":
            run_digest(parsed, body, client, respond, analyzer.store, settings, workspace)
    except Exception as exc:  # noqa: BLE001 - the user gets a short note, the log the details
        respond(
            response_type="ephemeral",
            **notice(user_error(exc, logger, f"/newsbot {parsed.kind}")).as_kwargs(),
        )


def analyze_command(
    parsed: Command,
    body: dict[str, Any],
    client: Any,
    respond: Any,
    logger: logging.Logger,
    analyzer: AnalyzerLike,
    workspace: str,
) -> None:
    channel = body.get("channel_id", "")
    replies, error = analyze(
        analyzer,
        parsed.text,
        workspace=workspace,
        source=f"slack:{channel}",
        logger=logger,
        origin=slack_origin(body),
    )
    if error:
        respond(response_type="ephemeral", **notice(error).as_kwargs())
        return
    keep = permalink_keeper(client, analyzer.store, workspace, channel, logger)
    post_or_respond(client, respond, channel, replies, logger, on_posted=keep)
