"""The clock: the one scheduler that posts digests (`newsbot clock`, the Procfile's `clock:` line).

One APScheduler job per digest channel, `CronTrigger(hour, minute, timezone=ZoneInfo(zone))`, so
08:00 in Kyiv stays 08:00 in Kyiv through daylight-saving changes; a misfire grace (a setting) lets a
late wake-up still post. A sweep job rereads the channel settings (changed from Slack by the worker)
every `digest_sync_seconds` and retries failed or abandoned digests. On start the clock posts any
digest that is due (within the grace period) and missing (catch-up). Several clocks may run: the claim
in `bot.store.digests` lets one post. Web processes never run it; `newsbot serve` on SQLite runs it in
its own process (`clock = "auto"`).
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, timedelta
from functools import partial
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from bot.digest.slots import hour_minute, zone
from bot.settings import Settings
from bot.store import Store
from bot.store.digests import Channel
from handlers.digest import ClientFor, DigestPoster, Now, utcnow

log = logging.getLogger("newsbot.clock")

SWEEP_JOB_ID = "digest-sweep"
JOB_PREFIX = "digest:"
CHANNEL_THREADS = 8  # channels posted at the same time; one slow or failing channel holds only its own


def digest_client(settings: Settings, workspace: str, *, engine: Engine | None = None) -> WebClient:
    """The workspace's Web API client for the clock (`handlers.tokens.client_for`): a 429 is not slept
    on here but rescheduled by the poster, so a rate-limited channel gives its thread back at once."""
    from handlers.tokens import client_for

    client = client_for(settings, workspace, engine=engine)
    client.retry_handlers = [
        h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)
    ]
    return client


def cron_for(channel: Channel) -> CronTrigger:
    hour, minute = hour_minute(channel.local_time)
    return CronTrigger(hour=hour, minute=minute, timezone=zone(channel.timezone))


class Clock:
    """The digest scheduler of one process."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        client_for: ClientFor,
        *,
        scheduler: BaseScheduler | None = None,
        now: Now = utcnow,
        poster: DigestPoster | None = None,
    ) -> None:
        self.settings = settings
        self.poster = poster or DigestPoster(settings, store, client_for, now=now)
        self.book = self.poster.book
        self.now = now
        self.scheduler = scheduler or BackgroundScheduler(
            timezone=UTC, executors={"default": ThreadPoolExecutor(CHANNEL_THREADS)}
        )
        self._schedules: dict[str, tuple[str, str]] = {}  # job id -> (local time, zone) scheduled
        self._lock = threading.Lock()

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Schedule every channel, start, and post what is due and missing (catch-up jobs run at once,
        one per channel, beside the scheduled ones)."""
        self.scheduler.start()
        self.sync()
        self.scheduler.add_job(
            self.sweep,
            IntervalTrigger(
                seconds=self.settings.digest_sync_seconds,
                start_date=self.now() + timedelta(seconds=self.settings.digest_sync_seconds),
                timezone=UTC,
            ),
            id=SWEEP_JOB_ID,
            name="reread digest settings, retry failed digests",
            coalesce=True,
            max_instances=1,
            replace_existing=True,
        )
        channels = self.book.channels(enabled_only=True)
        for channel in channels:
            self.scheduler.add_job(
                self.fire,
                DateTrigger(run_date=self.now(), timezone=UTC),
                args=(channel.workspace, channel.channel_id, "catch-up"),
                id=f"catch-up:{channel.key}",
                misfire_grace_time=None,
                replace_existing=True,
            )
        log.info("clock started", extra={"channels": len(channels), "claimer": self.poster.claimer})

    def stop(self) -> None:
        """Stop scheduling; a digest being posted is finished first."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        log.info("clock stopped")

    # --- jobs ----------------------------------------------------------------------------------

    def sync(self) -> None:
        """Make the scheduled jobs match the enabled channels in the database."""
        with self._lock:
            wanted = {JOB_PREFIX + c.key: c for c in self.book.channels(enabled_only=True)}
            for job_id in set(self._schedules) - set(wanted):
                self.scheduler.remove_job(job_id)
                del self._schedules[job_id]
            for job_id, channel in wanted.items():
                schedule = (channel.local_time, channel.timezone)
                if self._schedules.get(job_id) == schedule:
                    continue
                self.scheduler.add_job(
                    self.fire,
                    cron_for(channel),
                    args=(channel.workspace, channel.channel_id),
                    id=job_id,
                    name=f"digest {channel.key} {channel.local_time} {channel.timezone}",
                    misfire_grace_time=self.settings.digest_misfire_grace_seconds,
                    coalesce=True,
                    max_instances=1,
                    replace_existing=True,
                )
                self._schedules[job_id] = schedule

    def fire(self, workspace: str, channel_id: str, why: str = "slot") -> str:
        """A channel's slot has come (or the clock has just started: `why` is "catch-up"): post its
        digest if it is due and not yet claimed, with the setting as it is now."""
        channel = self.book.channel(workspace, channel_id)
        if channel is None or not channel.enabled:
            return "off"
        outcome = self.poster.fire(channel)
        log.info("digest " + why, extra={"channel": channel.key, "outcome": outcome})
        return outcome

    def sweep(self) -> dict[str, str]:
        """Reread the settings; try again the digests whose retry time has come or whose claimer
        went silent. Each retry is its own job, so a slow channel does not hold up the sweep."""
        self.sync()
        retried: dict[str, str] = {}
        for workspace, channel_id, day in self.book.unfinished(self.now()):
            channel = self.book.channel(workspace, channel_id)
            if channel is not None and channel.enabled:
                retried[f"{channel.key}:{day}"] = self.poster.retry(channel, day)
        if retried:
            log.info("digest retries", extra={"retried": retried})
        return retried


def clock_embedded(settings: Settings) -> bool:
    """Whether `newsbot serve` runs the clock itself: asked for, or `auto` on the SQLite default."""
    if settings.clock != "auto":
        return settings.clock == "embedded"
    return make_url(settings.database_url).get_backend_name() == "sqlite"


def start_clock(settings: Settings, store: Store) -> Clock:
    if not settings.oauth:
        from handlers.app import make_client

        make_client(settings)  # token mode: no SLACK_BOT_TOKEN is a start-up error, not a failed digest
    clock = Clock(settings, store, partial(digest_client, settings, engine=store.engine))
    clock.start()
    return clock


def start_embedded_clock(settings: Settings, store: Store) -> Clock | None:
    """The clock inside `newsbot serve`, or None when a `newsbot clock` process is expected."""
    return start_clock(settings, store) if clock_embedded(settings) else None


def run_clock(settings: Settings) -> None:
    """`newsbot clock`: in the foreground until SIGTERM or Ctrl-C."""
    from bot.logs import setup_logging

    setup_logging(settings.log_level)
    store = Store.open(settings.database_url)
    stop = threading.Event()

    def request_stop(*_: Any) -> None:
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, request_stop)
    clock = start_clock(settings, store)
    try:
        while not stop.wait(3600):
            pass
    finally:
        clock.stop()
        store.close()
