"""Posting the daily digest: a background job that every few minutes posts the digests that are due.

Several processes may run the job (gunicorn workers each start a scheduler). Before posting, a process
claims `digest:<workspace>:<channel>:<day>` in the database (`Store.claim_event`); only the claimer posts.
A post that fails releases the claim and leaves the channel unmarked, so the next tick retries it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk.errors import SlackApiError
from sqlalchemy import delete

from bot.digest import build_digest, due_channels, mark_sent
from bot.store.schema import SlackEventRow
from handlers.blocks import Message, digest_messages

if TYPE_CHECKING:
    from bot.store import Store
    from bot.store.schema import DigestChannelRow

# How often due digests are looked for. A digest goes out at most this late after its hour.
DIGEST_INTERVAL_MINUTES = 5
# A tick delayed by a busy process still runs if it is at most this late (coalesced into one run).
DIGEST_MISFIRE_GRACE_SECONDS = 4 * 60
DIGEST_JOB_ID = "newsbot-daily-digest"

log = logging.getLogger("newsbot.slack.digest")

ClientFor = Callable[[str], Any]


def claim_key(workspace: str, channel_id: str, day: date) -> str:
    return f"digest:{workspace}:{channel_id}:{day.isoformat()}"


def release_claim(store: Store, key: str) -> None:
    """Undo a claim after a failed post so that the next tick (in any process) may retry."""
    with store.session() as session:
        session.execute(delete(SlackEventRow).where(SlackEventRow.key == key))


def post_due_digests(client_for_workspace: ClientFor, store: Store, now: datetime | None = None) -> int:
    """Post every due digest once; returns how many were posted. A failing channel never stops the rest."""
    now = now or datetime.now(UTC)
    posted = 0
    for row in due_channels(store, now):
        try:
            posted += post_digest(client_for_workspace(row.workspace), store, row, now)
        except Exception:  # noqa: BLE001 - the job must survive a database or Slack outage; next tick retries
            log.exception("digest failed", extra={"workspace": row.workspace, "channel": row.channel_id})
    return posted


def post_digest(client: Any, store: Store, row: DigestChannelRow, now: datetime) -> bool:
    """Claim, build, post and mark one channel's digest; False if another process has it or Slack refused."""
    day = now.date()
    key = claim_key(row.workspace, row.channel_id, day)
    if not store.claim_event(key):
        return False
    try:
        digest = build_digest(store, row.workspace, until=now)
        messages = digest_messages(digest, store.article_sources(row.workspace, digest.article_ids()))
        post_messages(client, row.channel_id, messages)
    except SlackApiError as exc:
        release_claim(store, key)
        log.warning(
            "digest not posted; will retry",
            extra={"workspace": row.workspace, "channel": row.channel_id, "error": exc.response.get("error")},
        )
        return False
    except BaseException:
        release_claim(store, key)
        raise
    mark_sent(store, row.id, day)
    log.info("digest posted", extra={"workspace": row.workspace, "channel": row.channel_id, "day": str(day)})
    return True


def post_messages(client: Any, channel: str, messages: list[Message]) -> None:
    """The first message in the channel, the rest in its thread. Once the first is out the digest counts
    as sent: a failure later is logged, never retried (a retry would post the header twice)."""
    first = client.chat_postMessage(
        channel=channel, unfurl_links=False, unfurl_media=False, **messages[0].as_kwargs()
    )
    for message in messages[1:]:
        try:
            client.chat_postMessage(
                channel=channel,
                thread_ts=first["ts"],
                unfurl_links=False,
                unfurl_media=False,
                **message.as_kwargs(),
            )
        except SlackApiError as exc:
            log.warning("digest continuation not posted", extra={"channel": channel, "error": str(exc)})
            return


def make_scheduler(client_for_workspace: ClientFor, store: Store) -> BackgroundScheduler:
    """A scheduler (not started) with the digest job every `DIGEST_INTERVAL_MINUTES`, first run at start."""
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        post_due_digests,
        IntervalTrigger(minutes=DIGEST_INTERVAL_MINUTES, timezone=UTC),
        args=(client_for_workspace, store),
        id=DIGEST_JOB_ID,
        name="post due daily digests",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=DIGEST_MISFIRE_GRACE_SECONDS,
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )
    return scheduler


def start_scheduler(client_for_workspace: ClientFor, store: Store) -> BackgroundScheduler:
    scheduler = make_scheduler(client_for_workspace, store)
    scheduler.start()
    log.info("digest scheduler started", extra={"every_minutes": DIGEST_INTERVAL_MINUTES})
    return scheduler


def stop_scheduler(scheduler: BackgroundScheduler) -> None:
    """Stop the scheduler, letting a digest being posted finish."""
    if scheduler.running:
        scheduler.shutdown(wait=True)
        log.info("digest scheduler stopped")
