"""Posting one channel's digest exactly once: claim the day, build, post, record each message.

`DigestPoster.fire` is what the clock (`handlers.clock`) runs at a channel's local time, on start
(catch-up) and for retries. The claim in `bot.store.digests` decides who posts; the parent message's
`ts` and each thread reply are recorded as they go, so a retry never posts the parent twice and
resumes a thread where it stopped. A failing channel (`channel_not_found`, `not_in_channel`, 429) is
marked failed with a retry time (Slack's `Retry-After`, else exponential backoff) and never holds up
the others: each channel runs as its own scheduler job.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.digest import Digest, build_digest
from bot.digest.slots import last_slot, slot_on, zone
from bot.settings import Settings
from bot.store import Store
from bot.store.digests import Channel, Claim, DigestBook, PostState
from handlers.blocks import Message, digest_messages
from handlers.tokens import NotInstalled

log = logging.getLogger("newsbot.slack.digest")

FIRST_WINDOW = timedelta(hours=24)  # a channel's first digest also covers the day before it was set up
BACKOFF_FIRST_SECONDS = 60.0

ClientFor = Callable[[str], Any]
Now = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def clock_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int, retry_after: float | None, longest: float) -> timedelta:
    """Slack's `Retry-After` if it gave one, else 1, 2, 4… minutes, never more than `longest` seconds."""
    if retry_after is not None:
        return timedelta(seconds=max(1.0, retry_after))
    return timedelta(seconds=min(longest, BACKOFF_FIRST_SECONDS * 2 ** max(0, attempts - 1)))


def slack_error(exc: SlackApiError) -> tuple[str, float | None]:
    """The error code and, for a 429, the seconds Slack asked to wait."""
    response = exc.response
    error = str(response.get("error") or f"http {response.status_code}")
    retry_after = None
    if response.status_code == 429:
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        value = headers.get("retry-after")
        if isinstance(value, list):
            value = value[0] if value else None
        try:
            retry_after = float(value) if value is not None else 1.0
        except ValueError:
            retry_after = 1.0
        error = "ratelimited"
    return error, retry_after


class DigestPoster:
    """Claims and posts digests for one process (`claimer`), with an injectable clock for tests."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        client_for: ClientFor,
        *,
        book: DigestBook | None = None,
        claimer: str | None = None,
        now: Now = utcnow,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.store = store
        self.client_for = client_for
        self.book = book or DigestBook(
            store, claim_timeout=timedelta(seconds=settings.digest_claim_timeout_seconds)
        )
        self.claimer = claimer or clock_name()
        self.now = now
        self.sleep = sleep

    @property
    def grace(self) -> timedelta:
        return timedelta(seconds=self.settings.digest_misfire_grace_seconds)

    def fire(self, channel: Channel) -> str:
        """Post the channel's digest of its latest slot if it is owed and nobody has it; returns what
        happened ("posted", "empty", "failed", "taken", "missed", "not-due")."""
        now = self.now()
        day, slot = last_slot(now, channel.local_time, channel.timezone)
        if slot < channel.updated_at:
            return "not-due"  # set (or changed) after this slot: the next one is the first
        if now - slot > self.grace:
            return "missed"
        return self._claim_and_post(channel, day, slot, now)

    def retry(self, channel: Channel, day: date) -> str:
        """Another try of a failed or abandoned digest of `day` (the claim decides whether it is due)."""
        return self._claim_and_post(
            channel, day, slot_on(day, channel.local_time, channel.timezone), self.now()
        )

    def _claim_and_post(self, channel: Channel, day: date, slot: datetime, now: datetime) -> str:
        since = self.window_start(channel)
        claim = self.book.claim(channel, day, slot, since, now, self.claimer, now)
        if claim is None:
            return "taken"
        try:
            return self.deliver(channel, claim)
        except Exception as exc:  # noqa: BLE001 - a database or programming error fails this channel only
            log.exception(
                "digest failed", extra={"workspace": channel.workspace, "channel": channel.channel_id}
            )
            self._fail(channel, claim, f"{type(exc).__name__}", None)
            return "failed"

    def window_start(self, channel: Channel) -> datetime:
        """Where the channel's next digest starts: the end of its last one, else the day before the
        digest was set up (a missed or failed day is covered by the next digest)."""
        last = self.book.window_start(channel.workspace, channel.channel_id)
        return last or channel.created_at - FIRST_WINDOW

    def build(self, workspace: str, since: datetime, until: datetime) -> Digest:
        return build_digest(
            self.store,
            workspace,
            since,
            until,
            min_conflict_confidence=self.settings.conflict_min_confidence,
        )

    def deliver(self, channel: Channel, claim: Claim) -> str:
        digest = self.build(channel.workspace, claim.since, claim.until)
        if digest.empty and not self.settings.digest_post_when_empty:
            self.book.finish(claim.id, self.claimer, "empty", self.now())
            log.info("digest empty; nothing posted", extra=self._where(channel, claim))
            return "empty"
        sources = self.store.article_sources(channel.workspace, digest.article_ids())
        messages = digest_messages(digest, claim.local_date, sources)
        try:
            if not self._post(channel, claim, messages):
                return "taken"
        except SlackApiError as exc:
            error, retry_after = slack_error(exc)
            self._fail(channel, claim, error, retry_after)
            return "failed"
        except NotInstalled:  # uninstalled, data kept: tried again with backoff, posted once reinstalled
            self._fail(channel, claim, "not_installed", None)
            return "failed"
        self.book.finish(claim.id, self.claimer, "posted", self.now())
        log.info("digest posted", extra={**self._where(channel, claim), "messages": len(messages)})
        return "posted"

    def _post(self, channel: Channel, claim: Claim, messages: list[Message]) -> bool:
        """The parent in the channel, the rest in its thread, about one a second; each recorded at once.
        False if another process took the claim over meanwhile (it goes on from what was recorded)."""
        client = self.client_for(channel.workspace)
        ts = claim.ts
        for index in range(claim.parts_posted, len(messages)):
            if index > 0:
                self.sleep(self.settings.digest_message_interval_seconds)
            kwargs: dict[str, Any] = dict(messages[index].as_kwargs(), unfurl_links=False, unfurl_media=False)
            if index > 0 and ts:
                kwargs["thread_ts"] = ts
            response = client.chat_postMessage(channel=channel.channel_id, **kwargs)
            first_ts = None if ts else str(response["ts"])
            ts = ts or first_ts
            if not self.book.record_part(claim.id, self.claimer, index + 1, first_ts, self.now()):
                log.warning("digest claim taken over while posting", extra=self._where(channel, claim))
                return False
        return True

    def _fail(self, channel: Channel, claim: Claim, error: str, retry_after: float | None) -> None:
        now = self.now()
        retry_at: datetime | None = now + backoff(
            claim.attempts, retry_after, self.settings.digest_retry_max_seconds
        )
        next_slot = slot_on(claim.local_date + timedelta(days=1), channel.local_time, channel.timezone)
        if retry_at is not None and retry_at >= next_slot:
            retry_at = None  # the next digest covers this one's articles (windows start at the last done)
        self.book.fail(claim.id, self.claimer, error, retry_at)
        log.warning(
            "digest not posted",
            extra={
                **self._where(channel, claim),
                "error": error,
                "attempts": claim.attempts,
                "retry_at": retry_at.isoformat() if retry_at else None,
            },
        )

    @staticmethod
    def _where(channel: Channel, claim: Claim) -> dict[str, str]:
        return {
            "workspace": channel.workspace,
            "channel": channel.channel_id,
            "day": claim.local_date.isoformat(),
        }


def preview(poster: DigestPoster, workspace: str, channel_id: str) -> tuple[Digest, date]:
    """What this channel's next digest would say if it were posted now (for `/newsbot digest now`)."""
    now = poster.now()
    channel = poster.book.channel(workspace, channel_id)
    since = poster.window_start(channel) if channel else now - FIRST_WINDOW
    local = now.astimezone(zone(channel.timezone if channel else "UTC"))
    return poster.build(workspace, since, now), local.date()


def state_line(channel: Channel, state: PostState | None) -> str:
    """A channel's digest setting and the state of its latest digest, in one line of plain text."""
    if not channel.enabled:
        return "off"
    line = f"every day at {channel.local_time} {channel.timezone}"
    if state is None:
        return f"{line}; none posted yet"
    if state.status in ("posted", "empty"):
        what = "posted" if state.status == "posted" else "nothing new, not posted"
        return f"{line}; last: {state.local_date.isoformat()} ({what})"
    if state.status == "failed":
        retry = f", next try {state.retry_at:%H:%M} UTC" if state.retry_at else ", given up for that day"
        return (
            f"{line}; :warning: {state.local_date.isoformat()} failed {state.attempts}×: "
            f"{state.last_error}{retry}"
        )
    return f"{line}; {state.local_date.isoformat()} being posted"
