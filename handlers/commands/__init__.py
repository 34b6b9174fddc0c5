"""Slash commands."""

from __future__ import annotations

from slack_bolt import App

from handlers.commands.newsbot import ack_newsbot, needs_work
from handlers.deps import Deps
from handlers.enqueue import ack_then_queue

COMMAND = "/newsbot"


def register(app: App, deps: Deps) -> None:
    app.command(COMMAND)(ack_then_queue(ack_newsbot, "command", deps.submitter, wanted=needs_work))
