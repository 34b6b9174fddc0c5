"""What every listener shares: the workspace of a request, analysis with errors turned into short
notes, and posting a (possibly split) reply into a channel or thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from slack_sdk.errors import SlackApiError

from bot.ingest import InputError
from bot.store.repository import DatabaseUnavailable
from handlers.blocks import Message
from handlers.reply import Reply, build_replies

if TYPE_CHECKING:
    from bot.models import Report
    from bot.search import Page
    from bot.store import Store

# Slack errors that mean "the bot may not post here"; the reply then goes through `response_url`.
CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})

DATABASE_DOWN = "newsbot can't reach its database right now. Please try again in a minute."
INTERNAL_ERROR = "Sorry, something went wrong while analyzing that. The error was logged."
# One analysis at a time per process: parsing is CPU-bound under the GIL anyway, and the analyzer's model
# and alias caches are not documented as thread-safe. Acks never wait for it.
ANALYSIS_LOCK = threading.Lock()

EMPTY_INPUT = "Paste an article or a link after the command, or try `/newsbot help`."


class AnalyzerLike(Protocol):
    """The part of `bot.pipeline.Analyzer` the Slack app uses."""

    @property
    def store(self) -> Store: ...

    def analyze_message(self, text: str, *, workspace: str, source: str) -> list[Report]: ...

    def search(self, workspace: str, query: str, offset: int = 0) -> Page: ...

    def add_alias(self, workspace: str, variant: str, canonical: str, user_id: str | None = None) -> None: ...


class NoWorkspace(InputError):
    """A Slack request that names no workspace: refused, never served as the CLI's default workspace."""

    def __init__(self) -> None:
        super().__init__("request", "it names no Slack workspace (team_id), so it was not run")


def workspace_of(body: dict[str, Any]) -> str:
    """The Slack team id of a request body (commands, events and interactive payloads differ).
    Raises `NoWorkspace` without one (`handlers.guard` refuses such requests at the door already)."""
    user = body.get("user")
    user_team = user.get("team_id") if isinstance(user, dict) else ""
    team = body.get("team_id") or body.get("team") or user_team
    if isinstance(team, dict):
        team = team.get("id")
    if not isinstance(team, str) or not team:
        raise NoWorkspace
    return team


def no_reply(logger: logging.Logger, what: str) -> Callable[..., None]:
    """A stand-in for `respond` when a request carries no `response_url`: the answer is logged as lost
    instead of failing with "'NoneType' object is not callable"."""

    def respond(**kwargs: Any) -> None:
        logger.warning("no response_url to answer through", extra={"what": what})

    return respond


def user_error(exc: BaseException, logger: logging.Logger, what: str) -> str:
    """A short message for the user; the log gets the details (never the user a stack trace)."""
    if isinstance(exc, InputError):
        logger.info("input refused", extra={"what": what, "problem": exc.problem})
        return exc.user_message
    if isinstance(exc, DatabaseUnavailable):
        logger.error("database unavailable", extra={"what": what, "error": str(exc)})
        return DATABASE_DOWN
    logger.exception("handler failed", extra={"what": what})
    return INTERNAL_ERROR


def analyze(
    analyzer: AnalyzerLike,
    text: str,
    *,
    workspace: str,
    source: str,
    logger: logging.Logger,
    origin: dict[str, str] | None = None,
) -> tuple[list[Reply], str | None]:
    """One reply per analyzed article (`origin`: who pasted it where), or `([], short error note)`."""
    if not text.strip():
        return [], EMPTY_INPUT
    try:
        with ANALYSIS_LOCK:
            reports = analyzer.analyze_message(text, workspace=workspace, source=source)
    except Exception as exc:  # noqa: BLE001 - every failure reaches the user as a short note
        return [], user_error(exc, logger, "analyze")
    logger.info(
        "analyzed",
        extra={
            "workspace": workspace,
            "articles": [r.article.id for r in reports],
            "findings": sum(len(r.findings) for r in reports),
        },
    )
    if not reports:
        return [], "No article found in that message."
    return build_replies(analyzer.store, workspace, reports, origin), None


def post_thread(client: Any, channel: str, messages: Sequence[Message], thread_ts: str | None = None) -> str:
    """Post `messages` in order; without `thread_ts`, the first starts a thread the rest go into.

    Returns the first message's ts. Raises `SlackApiError` if the first post fails.
    """
    first = ""
    for message in messages:
        kwargs = message.as_kwargs()
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        response = client.chat_postMessage(channel=channel, unfurl_links=False, unfurl_media=False, **kwargs)
        first = first or response["ts"]
        thread_ts = thread_ts or response["ts"]
    return first


def tell_requester(client: Any, respond: Any, body: dict[str, Any], message: Message) -> bool:
    """A short note to whoever made the request: in the thread of the message that mentioned the bot,
    or privately through the request's `response_url`. False if the request offers neither."""
    event = body.get("event") or {}
    if event.get("channel"):
        post_thread(client, event["channel"], [message], event.get("thread_ts") or event.get("ts"))
        return True
    if respond is not None and body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())
        return True
    return False


def cannot_post(exc: SlackApiError) -> bool:
    return exc.response.get("error") in CANNOT_POST


def post_or_respond(
    client: Any,
    respond: Callable[..., Any] | None,
    channel: str,
    replies: Sequence[Reply],
    logger: logging.Logger,
    thread_ts: str | None = None,
    on_posted: Callable[[Reply, str], None] | None = None,
) -> None:
    """Post each reply in the channel (or thread); fall back to `respond` where the bot may not post.
    `on_posted(reply, ts)` is told the ts of each reply's first message once it is in the channel."""
    for reply in replies:
        group = reply.messages
        try:
            ts = post_thread(client, channel, group, thread_ts)
        except SlackApiError as exc:
            if respond is None or not cannot_post(exc):
                raise
            logger.info("cannot post in channel; answering through response_url", extra={"channel": channel})
            for message in group:
                respond(response_type="in_channel", replace_original=False, **message.as_kwargs())
            continue
        if on_posted is not None:
            on_posted(reply, ts)
