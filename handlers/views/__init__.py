"""Views: the App Home tab, published on `app_home_opened`."""

from __future__ import annotations

from slack_bolt import App

from bot.settings import Settings
from handlers.common import AnalyzerLike
from handlers.deps import bind
from handlers.events.app_mention import ack_event
from handlers.views.home import publish_home
from handlers.work import in_background


def register(app: App, analyzer: AnalyzerLike, settings: Settings) -> None:
    app.event("app_home_opened")(
        ack=ack_event, lazy=[in_background(bind(publish_home, analyzer=analyzer, settings=settings))]
    )
