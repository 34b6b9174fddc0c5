"""`/newsbot digest …`: this channel's digest setting, turning it off, and a private preview.

`here` without a zone takes the requesting user's time zone from `users.info` (Slack's profile tz),
else UTC; without a time, `NEWSBOT_DIGEST_TIME`. Every answer is ephemeral.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.digest.slots import BadTime, parse_zone
from bot.settings import Settings
from bot.store import Store
from bot.store.digests import DigestBook
from handlers.blocks import digest_messages, notice
from handlers.commands.parse import Command
from handlers.digest import DigestPoster, preview, state_line

log = logging.getLogger("newsbot.slack.digest")


def user_zone(client: Any, user_id: str | None) -> str | None:
    """The user's IANA time zone from their Slack profile, or None (no scope, no user, no tz)."""
    if not user_id:
        return None
    try:
        answer = client.users_info(user=user_id)
    except SlackApiError as exc:
        log.info("users.info refused; digest zone is UTC", extra={"error": exc.response.get("error")})
        return None
    tz = (answer.get("user") or {}).get("tz")
    return tz if isinstance(tz, str) and tz else None


def run_digest(
    parsed: Command,
    body: dict[str, Any],
    client: Any,
    respond: Any,
    store: Store,
    settings: Settings,
    workspace: str,
) -> None:
    channel_id = str(body.get("channel_id", ""))
    book = DigestBook(store)
    if parsed.action == "here":
        zone = parsed.zone
        if zone is None:
            try:
                zone = parse_zone(user_zone(client, body.get("user_id")) or "UTC")
            except BadTime:
                zone = "UTC"
        at = parsed.at or settings.digest_time
        book.set_channel(workspace, channel_id, at, zone, user_id=body.get("user_id"))
        text = f"The digest will be posted here every day at {at} ({zone})."
        respond(response_type="ephemeral", **notice(text).as_kwargs())
    elif parsed.action == "off":
        done = book.turn_off(workspace, channel_id, body.get("user_id"))
        text = "The digest is off in this channel." if done else "This channel has no digest."
        respond(response_type="ephemeral", **notice(text).as_kwargs())
    elif parsed.action == "now":
        poster = DigestPoster(settings, store, lambda _workspace: client, book=book)
        digest, day = preview(poster, workspace, channel_id)
        sources = store.article_sources(workspace, digest.article_ids())
        for message in digest_messages(digest, day, sources):
            respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())
    else:
        channel = book.channel(workspace, channel_id)
        if channel is None:
            text = "This channel has no digest. Set one with `/newsbot digest here 08:00 Europe/Kyiv`."
        else:
            text = f"Digest in this channel: {state_line(channel, book.latest(workspace, channel_id))}."
        respond(response_type="ephemeral", text=text)
