"""Running a queued Slack job in the worker: the analysis and the answer, as the listeners would have.

A job holds the request body as Slack sent it. The runner rebuilds what a Bolt lazy listener gets (a
Web API client, `respond` for the request's `response_url`, the bot's user id) and calls the same
plain functions (`run_newsbot`, `handle_mention`, `run_analyze_message`), which tell the user about
every failure themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.context.respond import Respond

from bot.settings import Settings
from bot.store.jobs import Job
from handlers.app import make_client
from handlers.blocks import notice
from handlers.commands.newsbot import run_newsbot
from handlers.common import DATABASE_DOWN, AnalyzerLike, no_reply, tell_requester
from handlers.events.app_mention import handle_mention
from handlers.shortcuts.analyze_message import run_analyze_message, tell_user

log = logging.getLogger("newsbot.slack.jobs")

# A job is tried this many times: a worker that dies in the middle of one (killed, out of memory) leaves
# it to the next worker, but a message that kills every worker must not loop forever.
MAX_ATTEMPTS = 2
GAVE_UP = (
    "Sorry, newsbot could not finish analyzing that message: the analysis stopped twice. "
    "The problem was logged; a shorter excerpt may work."
)


class UnknownJob(ValueError):
    """A job kind this version does not know (queued by a newer or older web process)."""


def respond_for(body: dict[str, Any], kind: str) -> Respond | Callable[..., None]:
    """`respond` for the request's `response_url`, or a stand-in that logs when it has none."""
    url = body.get("response_url")
    return Respond(response_url=url) if isinstance(url, str) and url else no_reply(log, kind)


class JobRunner:
    """Answers queued jobs with one analyzer and one Web API client (both live as long as the worker)."""

    def __init__(self, settings: Settings, analyzer: AnalyzerLike, client: Any | None = None) -> None:
        self.settings = settings
        self.analyzer = analyzer
        self.client = client if client is not None else make_client(settings)
        self._kinds: dict[str, Callable[[dict[str, Any], Respond | None, dict[str, Any]], None]] = {
            "command": self._command,
            "mention": self._mention,
            "shortcut": self._shortcut,
        }

    def run(self, job: Job) -> None:
        """Answer one job. Raises `UnknownJob` for a kind it cannot run."""
        body = job.payload.get("body") or {}
        respond = respond_for(body, job.kind)
        context = {"bot_user_id": job.payload.get("bot_user_id")}
        run = self._kinds.get(job.kind)
        if run is None:
            raise UnknownJob(job.kind)
        if job.attempts > MAX_ATTEMPTS:
            log.error("job given up", extra={"job": job.id, "kind": job.kind, "attempts": job.attempts})
            self._give_up(job.kind, body, respond)
            return
        run(body, respond, context)

    def _command(self, body: dict[str, Any], respond: Respond | None, context: dict[str, Any]) -> None:
        run_newsbot(body, self.client, respond, log, analyzer=self.analyzer, settings=self.settings)

    def _mention(self, body: dict[str, Any], respond: Respond | None, context: dict[str, Any]) -> None:
        handle_mention(
            body,
            body.get("event") or {},
            self.client,
            context,
            log,
            analyzer=self.analyzer,
            settings=self.settings,
        )

    def _shortcut(self, body: dict[str, Any], respond: Respond | None, context: dict[str, Any]) -> None:
        run_analyze_message(body, self.client, respond, log, analyzer=self.analyzer, settings=self.settings)

    def tell_outage(self, job: Job) -> None:
        """Tell the user of a job that cannot run now that the database is down (and to try again)."""
        body = job.payload.get("body") or {}
        self._tell(job.kind, body, respond_for(body, job.kind), DATABASE_DOWN)

    def _give_up(self, kind: str, body: dict[str, Any], respond: Respond | None) -> None:
        self._tell(kind, body, respond, GAVE_UP)

    def _tell(self, kind: str, body: dict[str, Any], respond: Respond | None, text: str) -> None:
        if kind == "shortcut":
            message = body.get("message") or {}
            channel, user = body.get("channel", {}).get("id", ""), body.get("user", {}).get("id", "")
            thread_ts = message.get("thread_ts") or message.get("ts")
            tell_user(self.client, respond, channel, user, thread_ts, text)
        else:
            tell_requester(self.client, respond, body, notice(text))
