"""newsbot's Slack app: listeners by kind, each package with a `register(app, analyzer, settings)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.settings import Settings
    from handlers.common import AnalyzerLike


def register_handlers(app: App, analyzer: AnalyzerLike, settings: Settings) -> None:
    """Attach every listener to `app`."""
    from handlers import actions, commands, events, shortcuts, views

    for kind in (commands, events, shortcuts, actions, views):
        kind.register(app, analyzer, settings)
