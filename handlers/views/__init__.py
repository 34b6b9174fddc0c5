"""Views: the App Home tab, published on `app_home_opened`."""

from __future__ import annotations

from slack_bolt import App

from handlers.deps import Deps, bind
from handlers.events.app_mention import ack_event
from handlers.views.home import publish_home
from handlers.work import in_background


def register(app: App, deps: Deps) -> None:
    app.event("app_home_opened")(
        ack=ack_event, lazy=[in_background(bind(publish_home, store=deps.store, settings=deps.settings))]
    )
