"""Block actions: the verdict buttons under each finding, and "Next 10" under search results."""

from __future__ import annotations

from slack_bolt import App

from handlers.actions.search_next import next_page
from handlers.actions.verdict import record_verdict
from handlers.blocks import SEARCH_NEXT, VERDICTS
from handlers.deps import Deps, bind


def register(app: App, deps: Deps) -> None:
    for action_id in VERDICTS:
        app.action(action_id)(bind(record_verdict, store=deps.store, settings=deps.settings))
    app.action(SEARCH_NEXT)(bind(next_page, store=deps.store, settings=deps.settings))
