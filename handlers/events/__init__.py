"""Events: `app_mention` (App Home is in `handlers.views`). No `message` events: messages that do not
mention newsbot are never read or stored."""

from __future__ import annotations

from slack_bolt import App

from bot.settings import Settings
from handlers.common import AnalyzerLike
from handlers.deps import bind
from handlers.events.app_mention import ack_event, handle_mention
from handlers.work import in_background


def register(app: App, analyzer: AnalyzerLike, settings: Settings) -> None:
    app.event("app_mention")(
        ack=ack_event, lazy=[in_background(bind(handle_mention, analyzer=analyzer, settings=settings))]
    )
