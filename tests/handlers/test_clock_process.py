"""`newsbot clock` as it runs in production: real processes on one SQLite file, posting to the fake
Slack. Two clocks started together post a due digest once; a clock killed after claiming a digest and
before Slack posted it is restarted and the digest goes out once; a further restart posts nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.models import CleanedArticle
from bot.store import Store
from bot.store.digests import DigestBook
from tests.conftest import ROOT
from tests.handlers.fake_slack import TEAM_ID, FakeSlack, eventually

pytestmark = pytest.mark.slow

CHANNEL = "C0DIGEST"


@dataclass
class Clocks:
    fake: FakeSlack
    database_url: str
    tmp: Path
    started: list[tuple[subprocess.Popen, Path]] = field(default_factory=list)

    def start(self) -> tuple[subprocess.Popen, Path]:
        log = self.tmp / f"clock-{len(self.started)}.log"
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": "xoxb-000-test-token",
            "SLACK_API_URL": self.fake.api_url,
            "DATABASE_URL": self.database_url,
            "NEWSBOT_DIGEST_CLAIM_TIMEOUT_SECONDS": "3",
            "NEWSBOT_DIGEST_SYNC_SECONDS": "0.5",
            "NEWSBOT_LOG_LEVEL": "INFO",
        }
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "clock"], cwd=ROOT, env=env, stderr=out, stdout=out
            )
        self.started.append((process, log))
        return process, log

    def outcomes(self, log: Path) -> list[str]:
        """What the clock's catch-up and retries did, from its JSON log."""
        found = []
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                if record.get("msg") == "digest catch-up":
                    found.append(record["outcome"])
        return found

    def stop(self, process: subprocess.Popen) -> int:
        process.send_signal(signal.SIGTERM)
        return process.wait(30)

    def posted(self) -> list:
        return self.fake.of("chat.postMessage")


@pytest.fixture
def clocks(tmp_path: Path) -> Iterator[Clocks]:
    """A digest channel whose slot came two minutes ago, one article stored, no clock running yet."""
    fake = FakeSlack().start()
    url = f"sqlite:///{tmp_path / 'newsbot.sqlite'}"
    store = Store.open(url)
    now = datetime.now(UTC)
    slot = (now - timedelta(minutes=2)).strftime("%H:%M")
    DigestBook(store).set_channel(TEAM_ID, CHANNEL, slot, "UTC", now=now - timedelta(hours=1))
    with store.session() as s:
        store.add_article(
            s, TEAM_ID, CleanedArticle("Overnight story\n\nIt happened.", "Overnight story", "src"), "k"
        )
    store.close()
    env = Clocks(fake, url, tmp_path)
    try:
        yield env
    finally:
        for process, _ in env.started:
            if process.poll() is None:
                process.kill()
                process.wait(10)
        fake.stop()


def row_status(database_url: str) -> str | None:
    store = Store.open(database_url, migrate=False)
    try:
        rows = DigestBook(store).posts(TEAM_ID, CHANNEL)
        return rows[0].status if rows else None
    finally:
        store.close()


def test_clock_two_processes_started_together_post_once(clocks: Clocks) -> None:
    (one, one_log), (two, two_log) = clocks.start(), clocks.start()
    assert eventually(lambda: bool(clocks.outcomes(one_log)) and bool(clocks.outcomes(two_log)), timeout=60)
    assert sorted(clocks.outcomes(one_log) + clocks.outcomes(two_log)) == ["posted", "taken"]
    assert eventually(lambda: row_status(clocks.database_url) == "posted")
    assert [clocks.stop(one), clocks.stop(two)] == [0, 0]
    (post,) = clocks.posted()
    assert "Overnight story" in json.dumps(post.args["blocks"])


def test_clock_killed_after_claiming_posts_once_when_restarted_and_never_again(clocks: Clocks) -> None:
    clocks.fake.stalled_posts = 1  # the first post never reaches Slack: the clock is killed waiting on it
    dying, _ = clocks.start()
    assert eventually(lambda: bool(clocks.fake.of("chat.postMessage:stalled")), timeout=60)
    dying.kill()
    dying.wait(10)
    assert row_status(clocks.database_url) == "claimed" and clocks.posted() == []
    restarted, log = clocks.start()
    assert eventually(lambda: row_status(clocks.database_url) == "posted", timeout=60)
    rows = DigestBook(Store.open(clocks.database_url, migrate=False)).posts(TEAM_ID, CHANNEL)
    assert [(r.status, r.attempts) for r in rows] == [("posted", 2)]  # the dead claim, taken over once
    assert clocks.stop(restarted) == 0
    again, again_log = clocks.start()
    assert eventually(lambda: bool(clocks.outcomes(again_log)), timeout=60)
    assert clocks.outcomes(again_log) == ["taken"]
    assert clocks.stop(again) == 0
    (post,) = clocks.posted()
    assert "Overnight story" in json.dumps(post.args["blocks"])
