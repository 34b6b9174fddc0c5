"""Events: `app_mention` (App Home is in `handlers.views`). No `message` events: messages that do not
mention newsbot are never read or stored."""

from __future__ import annotations

from slack_bolt import App

from handlers.deps import Deps
from handlers.enqueue import ack_then_queue
from handlers.events.app_mention import ack_event, event_keys


def register(app: App, deps: Deps) -> None:
    app.event("app_mention")(
        ack_then_queue(ack_event, "mention", deps.submitter, claim_keys=event_keys)
    )
