"""A controlled clock for the digest scheduler: APScheduler's own job processing, stepped by the test.

`SteppedScheduler` is a real APScheduler scheduler (its job store, triggers, misfire and coalescing
rules) whose wake-ups the test drives: `run_until` jumps the frozen time to each next wake-up and lets
APScheduler run what is due there, in the calling thread (`DebugExecutor`). `FrozenTime` replaces the
clock APScheduler reads (`datetime.now` in its scheduler and executor modules) and is the poster's `now`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import apscheduler.executors.base
import apscheduler.schedulers.base
import pytest
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import BaseScheduler

from bot.settings import Settings
from bot.store import Store
from bot.store.digests import DigestBook
from handlers.app import make_client
from handlers.clock import Clock
from tests.handlers.fake_slack import FakeSlack, settings_for


@dataclass
class FrozenTime:
    value: datetime

    def now(self) -> datetime:
        return self.value


class SteppedScheduler(BaseScheduler):
    def wakeup(self) -> None:
        """Nothing to wake: the test calls `_process_jobs` itself."""

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def _create_default_executor(self):
        return DebugExecutor()


def freeze(monkeypatch: pytest.MonkeyPatch, start: datetime) -> FrozenTime:
    frozen = FrozenTime(start)

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001 - datetime's signature
            return frozen.value.astimezone(tz) if tz else frozen.value.replace(tzinfo=None)

    monkeypatch.setattr(apscheduler.schedulers.base, "datetime", FrozenDatetime)
    monkeypatch.setattr(apscheduler.executors.base, "datetime", FrozenDatetime)
    return frozen


@dataclass
class ClockEnv:
    fake: FakeSlack
    store: Store
    settings: Settings
    frozen: FrozenTime
    clocks: list[Clock] = field(default_factory=list)

    @property
    def book(self) -> DigestBook:
        return DigestBook(self.store)

    def clock(self, **settings: object) -> Clock:
        """A clock (not started) with these settings changed, on the frozen time."""
        client = make_client(self.settings)
        client.retry_handlers = []  # as `digest_client`: 429s are the poster's to reschedule
        clock = Clock(
            self.settings.model_copy(update=settings),
            self.store,
            lambda _workspace: client,
            scheduler=SteppedScheduler(timezone=UTC),
            now=self.frozen.now,
        )
        self.clocks.append(clock)
        return clock

    def run_until(self, clock: Clock, end: datetime, *, limit: int = 10_000) -> None:
        """Let `clock` run from the frozen time to `end`, jumping from one wake-up to the next."""
        for _ in range(limit):
            wait = clock.scheduler._process_jobs()
            if self.frozen.value >= end:
                return
            step = timedelta(seconds=wait) if wait is not None else end - self.frozen.value
            self.frozen.value = min(end, self.frozen.value + max(step, timedelta(milliseconds=1)))
        raise AssertionError("the scheduler never got to the end time")

    def posts(self, channel: str | None = None) -> list:
        return [
            c for c in self.fake.of("chat.postMessage") if channel is None or c.args["channel"] == channel
        ]


def clock_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: datetime):
    fake = FakeSlack().start()
    settings = settings_for(fake, tmp_path / "newsbot.sqlite").model_copy(
        update={"digest_message_interval_seconds": 0.0}
    )
    store = Store.open(settings.database_url)
    env = ClockEnv(fake, store, settings, freeze(monkeypatch, start))
    try:
        yield env
    finally:
        for clock in env.clocks:
            clock.stop()
        fake.stop()
        store.close()
