"""Shortcuts: the message shortcut "Analyze with newsbot"."""

from __future__ import annotations

from slack_bolt import App

from handlers.deps import Deps
from handlers.enqueue import ack_then_queue
from handlers.shortcuts.analyze_message import CALLBACK_ID, ack_shortcut


def register(app: App, deps: Deps) -> None:
    app.shortcut(CALLBACK_ID)(ack_then_queue(ack_shortcut, "shortcut", deps.submitter))
