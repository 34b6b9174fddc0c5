"""Block actions: the two dismiss buttons under each finding."""

from __future__ import annotations

from slack_bolt import App

from handlers.actions.dismiss import dismiss_finding
from handlers.blocks import DISMISS_REASONS
from handlers.deps import Deps, bind


def register(app: App, deps: Deps) -> None:
    for action_id in DISMISS_REASONS:
        app.action(action_id)(bind(dismiss_finding, store=deps.store, settings=deps.settings))
