"""The App Home tab: this week's open findings grouped by story (newest story first), and where the
digest goes."""

from __future__ import annotations

import logging
from typing import Any

from bot.settings import Settings
from bot.store import Store
from bot.store.digests import DigestBook
from bot.store.repository import finding_of
from handlers.blocks import HomeStory, home_view
from handlers.common import user_error, workspace_of
from handlers.digest import state_line

HOME_DAYS = 7


def open_stories(store: Store, workspace: str) -> list[HomeStory]:
    """Open findings of the last `HOME_DAYS` by the story of the article that raised them; stories and
    findings newest first (the store returns findings newest first, and a story's place is that of its
    newest finding)."""
    findings = [finding_of(row) for row in store.recent_findings(workspace, days=HOME_DAYS)]
    labels = store.story_labels(workspace, {f.a.article_id for f in findings})
    stories: dict[tuple[str, int], HomeStory] = {}
    for finding in findings:
        story_id, label = labels.get(finding.a.article_id, (None, finding.a.title or "Untitled article"))
        key = ("story", story_id) if story_id is not None else ("article", finding.a.article_id)
        stories.setdefault(key, HomeStory(label, [])).findings.append(finding)
    return list(stories.values())


def home_for(store: Store, workspace: str) -> dict[str, Any]:
    """The Home view of a workspace, read from the store."""
    stories = open_stories(store, workspace)
    ids = {side.article_id for s in stories for f in s.findings for side in (f.a, f.b)}
    book = DigestBook(store)
    channels = [
        (c.channel_id, state_line(c, book.latest(workspace, c.channel_id))) for c in book.channels(workspace)
    ]
    return home_view(stories, channels, store.article_sources(workspace, ids))


def publish_home(
    body: dict[str, Any],
    event: dict[str, Any],
    client: Any,
    logger: logging.Logger,
    *,
    store: Store,
    settings: Settings,
) -> None:
    """`app_home_opened` → `views.publish` (a Bolt lazy listener)."""
    if event.get("tab", "home") != "home":
        return
    workspace = workspace_of(body)
    try:
        client.views_publish(user_id=event["user"], view=home_for(store, workspace))
    except Exception as exc:  # noqa: BLE001 - Home stays as it was; the log has the reason
        user_error(exc, logger, "app_home_opened")
