"""Slash commands."""

from __future__ import annotations

from slack_bolt import App

from bot.settings import Settings
from handlers.commands.newsbot import ack_newsbot, run_newsbot
from handlers.common import AnalyzerLike
from handlers.deps import bind
from handlers.work import in_background

COMMAND = "/newsbot"


def register(app: App, analyzer: AnalyzerLike, settings: Settings) -> None:
    app.command(COMMAND)(
        ack=ack_newsbot, lazy=[in_background(bind(run_newsbot, analyzer=analyzer, settings=settings))]
    )
