"""Shortcuts: the message shortcut "Analyze with newsbot"."""

from __future__ import annotations

from slack_bolt import App

from bot.settings import Settings
from handlers.common import AnalyzerLike
from handlers.deps import bind
from handlers.shortcuts.analyze_message import CALLBACK_ID, ack_shortcut, run_analyze_message
from handlers.work import in_background


def register(app: App, analyzer: AnalyzerLike, settings: Settings) -> None:
    app.shortcut(CALLBACK_ID)(
        ack=ack_shortcut,
        lazy=[in_background(bind(run_analyze_message, analyzer=analyzer, settings=settings))],
    )
