"""Running a queued Slack job in the worker: the analysis and the answer, as the listeners would have.

A job holds the request body as Slack sent it. The runner rebuilds what a Bolt lazy listener gets (the
Web API client of the job's workspace, `respond` for the request's `response_url`, the bot's user id;
in OAuth mode the client is the workspace installation's, `handlers.tokens`) and calls the same
plain functions (`run_newsbot`, `handle_mention`, `run_analyze_message`), which tell the user about
every failure themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.context.respond import Respond
from slack_bolt.request.internals import extract_enterprise_id

from bot.settings import Settings
from bot.store.jobs import Job
from handlers.app import api_client, make_client
from handlers.blocks import notice
from handlers.commands.newsbot import run_newsbot
from handlers.common import DATABASE_DOWN, AnalyzerLike, no_reply, tell_requester
from handlers.events.app_mention import handle_mention
from handlers.shortcuts.analyze_message import run_analyze_message, tell_user
from handlers.tokens import NotInstalled, client_for

log = logging.getLogger("newsbot.slack.jobs")

# A job is tried this many times: a worker that dies in the middle of one (killed, out of memory) leaves
# it to the next worker, but a message that kills every worker must not loop forever.
MAX_ATTEMPTS = 2
GAVE_UP = (
    "Sorry, newsbot could not finish analyzing that message: the analysis stopped twice. "
    "The problem was logged; a shorter excerpt may work."
)
NOT_INSTALLED = "newsbot is no longer installed in this workspace, so it could not answer that."


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
        # One client for every job (token mode), or None: each job's workspace's (OAuth mode).
        self.client = client if client is not None or settings.oauth else make_client(settings)
        self._kinds: dict[str, Callable[[dict[str, Any], Respond | None, dict[str, Any]], None]] = {
            "command": self._command,
            "mention": self._mention,
            "shortcut": self._shortcut,
        }

    def run(self, job: Job) -> None:
        """Answer one job. Raises `UnknownJob` for a kind it cannot run."""
        body = job.payload.get("body") or {}
        respond = respond_for(body, job.kind)
        run = self._kinds.get(job.kind)
        if run is None:
            raise UnknownJob(job.kind)
        try:
            context = {"bot_user_id": job.payload.get("bot_user_id"), "client": self.client_of(job, body)}
        except NotInstalled:
            log.warning(
                "job not run: newsbot is not installed in its workspace",
                extra={"job": job.id, "kind": job.kind, "workspace": job.workspace},
            )
            respond(response_type="ephemeral", text=NOT_INSTALLED)
            return
        if job.attempts > MAX_ATTEMPTS:
            log.error("job given up", extra={"job": job.id, "kind": job.kind, "attempts": job.attempts})
            self._give_up(job.kind, body, respond, context["client"])
            return
        run(body, respond, context)

    def client_of(self, job: Job, body: dict[str, Any]) -> Any:
        """The Web API client acting in the job's workspace (raises `NotInstalled`)."""
        if self.client is not None:
            return self.client
        engine = self.analyzer.store.engine
        return client_for(self.settings, job.workspace, extract_enterprise_id(body), engine=engine)

    def _command(self, body: dict[str, Any], respond: Respond | None, context: dict[str, Any]) -> None:
        run_newsbot(body, context["client"], respond, log, analyzer=self.analyzer, settings=self.settings)

    def _mention(self, body: dict[str, Any], respond: Respond | None, context: dict[str, Any]) -> None:
        handle_mention(
            body,
            body.get("event") or {},
            context["client"],
            context,
            log,
            analyzer=self.analyzer,
            settings=self.settings,
        )

    def _shortcut(self, body: dict[str, Any], respond: Respond | None, context: dict[str, Any]) -> None:
        client = context["client"]
        run_analyze_message(body, client, respond, log, analyzer=self.analyzer, settings=self.settings)

    def tell_outage(self, job: Job) -> None:
        """Tell the user of a job that cannot run now that the database is down (and to try again)."""
        body = job.payload.get("body") or {}
        try:
            client = self.client_of(job, body)
        except Exception:  # noqa: BLE001 - no token without the database; the response_url needs none
            client = api_client(self.settings)
        self._tell(job.kind, body, respond_for(body, job.kind), DATABASE_DOWN, client)

    def _give_up(self, kind: str, body: dict[str, Any], respond: Respond | None, client: Any) -> None:
        self._tell(kind, body, respond, GAVE_UP, client)

    def _tell(self, kind: str, body: dict[str, Any], respond: Respond | None, text: str, client: Any) -> None:
        if kind == "shortcut":
            message = body.get("message") or {}
            channel, user = body.get("channel", {}).get("id", ""), body.get("user", {}).get("id", "")
            thread_ts = message.get("thread_ts") or message.get("ts")
            tell_user(client, respond, channel, user, thread_ts, text)
        else:
            tell_requester(client, respond, body, notice(text))
