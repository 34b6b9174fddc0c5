"""Block actions: the two dismiss buttons under each finding."""

from __future__ import annotations

from slack_bolt import App

from bot.settings import Settings
from handlers.actions.dismiss import dismiss_finding
from handlers.blocks import DISMISS_REASONS
from handlers.common import AnalyzerLike
from handlers.deps import bind


def register(app: App, analyzer: AnalyzerLike, settings: Settings) -> None:
    for action_id in DISMISS_REASONS:
        app.action(action_id)(bind(dismiss_finding, analyzer=analyzer, settings=settings))
