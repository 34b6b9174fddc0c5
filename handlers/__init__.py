"""newsbot's Slack app: listeners by kind, each package with a `register(app, deps)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_bolt import App

    from handlers.deps import Deps


def register_handlers(app: App, deps: Deps) -> None:
    """Attach every listener to `app`."""
    from handlers import actions, commands, events, shortcuts, views

    for kind in (commands, events, shortcuts, actions, views):
        kind.register(app, deps)
