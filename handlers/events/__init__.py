"""Events: `app_mention`, and `app_uninstalled` / `tokens_revoked` (App Home is in `handlers.views`).
No `message` events: messages that do not mention newsbot are never read or stored."""

from __future__ import annotations

from slack_bolt import App

from handlers.deps import Deps, bind
from handlers.enqueue import ack_then_queue
from handlers.events.app_mention import ack_event, event_keys
from handlers.events.uninstall import forget_tokens, forget_workspace
from handlers.work import in_background


def register(app: App, deps: Deps) -> None:
    app.event("app_mention")(
        ack_then_queue(ack_event, "mention", deps.submitter, claim_keys=event_keys)
    )
    installations = app.installation_store  # None in token mode
    app.event("app_uninstalled")(
        ack=ack_event,
        lazy=[
            in_background(
                bind(forget_workspace, settings=deps.settings, store=deps.store, installations=installations)
            )
        ],
    )
    app.event("tokens_revoked")(
        ack=ack_event, lazy=[in_background(bind(forget_tokens, installations=installations))]
    )
