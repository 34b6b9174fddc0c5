"""The daily digest job: posting due digests to a fake Slack, once a day, retrying failures; the scheduler."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from unittest.mock import Mock

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

import handlers.serve
from bot.models import ClaimRef, CleanedArticle, Finding
from bot.settings import Settings
from bot.store import Store
from bot.store.jobs import JobQueue
from handlers.app import make_client
from handlers.blocks import HEADER_LIMIT, MAX_BLOCKS, SECTION_TEXT_LIMIT
from handlers.deps import Deps
from handlers.digest import (
    DIGEST_INTERVAL_MINUTES,
    DIGEST_JOB_ID,
    claim_key,
    make_scheduler,
    post_due_digests,
)
from handlers.enqueue import JobSubmitter
from tests.handlers.fake_slack import TEAM_ID, FakeSlack, settings_for

CHANNEL = "C0DIGEST"
DANGEROUS_TITLE = "Alert <!channel> & <@U123> <https://evil.example|click>"


@dataclass
class Env:
    fake: FakeSlack
    store: Store
    client: WebClient
    settings: Settings

    def run(self, now: datetime | None = None) -> int:
        return post_due_digests(lambda _workspace: self.client, self.store, now or soon())


def soon() -> datetime:
    """A moment just after everything the test stored (the digest window ends before `until`)."""
    return datetime.now(UTC) + timedelta(seconds=1)


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    fake = FakeSlack().start()
    settings = settings_for(fake, tmp_path / 'newsbot.sqlite', "secret")
    store = Store.open(settings.database_url)
    try:
        yield Env(fake, store, make_client(settings), settings)
    finally:
        fake.stop()
        store.close()


def ref(article_id: int, text: str, start: int = 0) -> ClaimRef:
    """A claim at `start`: findings are keyed by offsets, so distinct findings need distinct ones."""
    return ClaimRef(article_id, "example.com", None, "t", text, text, start, start + len(text))


def store_day(
    store: Store, articles: int = 2, conflicts: int = 1, corroborations: int = 1, filler: str = ""
) -> None:
    """`articles` stored articles (the first with a hostile title) and findings between the first two."""
    with store.session() as s:
        rows = [
            store.add_article(
                s,
                TEAM_ID,
                CleanedArticle(f"{DANGEROUS_TITLE if i == 0 else f'Story {i}'}\n\nBody {i}.", None, "src"),
                "src",
            )
            for i in range(articles)
        ]
        for i, row in enumerate(rows):
            row.title = DANGEROUS_TITLE if i == 0 else f"Story {i}{filler}"
        first, second = rows[0].id, rows[-1].id
        findings = [
            Finding(
                "numeric_discrepancy",
                ref(second, f"{i}% said", 100 * i),
                ref(first, f"{i + 50}% said", 100 * i),
                "figure",
                0.9,
            )
            for i in range(conflicts)
        ]
        findings += [
            Finding(
                "corroboration",
                ref(second, f"same {i}", 5000 + 100 * i),
                ref(first, f"same {i}", 5000 + 100 * i),
                "same",
                0.8,
            )
            for i in range(corroborations)
        ]
        store.add_findings(s, TEAM_ID, findings)


def sent(call) -> str:
    return json.dumps({k: call.args.get(k) for k in ("text", "blocks")}, ensure_ascii=False)


def test_digest_due_channel_gets_exactly_one_post(env: Env) -> None:
    store_day(env.store)
    env.store.set_digest_channel(TEAM_ID, CHANNEL, hour_utc=0)
    assert env.run() == 1
    assert env.run() == 0
    (post,) = env.fake.of("chat.postMessage")
    assert post.args["channel"] == CHANNEL
    assert post.args["blocks"][0]["type"] == "header"
    assert post.args["blocks"][0]["text"]["text"].startswith("newsroom digest — ")
    assert "Story 1" in sent(post) and "1 corroboration(s)" in sent(post)
    assert [b for b in post.args["blocks"] if b["type"] == "actions"]  # dismiss buttons on the conflict
    (row,) = env.store.digest_channels(TEAM_ID)
    assert row.last_sent == datetime.now(UTC).date()


def test_digest_article_text_is_escaped_in_the_post(env: Env) -> None:
    store_day(env.store)
    env.store.set_digest_channel(TEAM_ID, CHANNEL, hour_utc=0)
    env.run()
    text = sent(env.fake.of("chat.postMessage")[0])
    for dangerous in ("<!channel>", "<@U123>", "<https://evil.example"):
        assert dangerous not in text
    assert "&lt;!channel&gt;" in text


def test_digest_failed_post_is_not_marked_sent_and_is_retried(env: Env) -> None:
    store_day(env.store)
    env.store.set_digest_channel(TEAM_ID, CHANNEL, hour_utc=0)
    env.fake.missing_channels.add(CHANNEL)
    assert env.run() == 0
    assert env.store.digest_channels(TEAM_ID)[0].last_sent is None
    env.fake.missing_channels.clear()
    assert env.run() == 1
    posts = [c for c in env.fake.of("chat.postMessage")]
    assert len(posts) == 2  # the refused attempt and the retry
    assert env.store.digest_channels(TEAM_ID)[0].last_sent is not None


def test_digest_one_failing_channel_does_not_stop_the_others(env: Env) -> None:
    store_day(env.store)
    env.store.set_digest_channel(TEAM_ID, "C0GONE01", hour_utc=0)
    env.store.set_digest_channel(TEAM_ID, CHANNEL, hour_utc=0)
    env.fake.missing_channels.add("C0GONE01")
    assert env.run() == 1
    assert [r.last_sent is not None for r in env.store.digest_channels(TEAM_ID)] == [False, True]


def test_digest_claimed_by_another_process_is_not_posted(env: Env) -> None:
    env.store.set_digest_channel(TEAM_ID, CHANNEL, hour_utc=0)
    now = soon()
    assert env.store.claim_event(claim_key(TEAM_ID, CHANNEL, now.date()))
    assert env.run(now) == 0
    assert env.fake.of("chat.postMessage") == []


@pytest.mark.parametrize(("hour", "posts"), [(9, 0), (8, 1), (0, 1)])
def test_digest_waits_for_its_hour(env: Env, hour: int, posts: int) -> None:
    env.store.set_digest_channel(TEAM_ID, CHANNEL, hour_utc=hour)
    eight = datetime.combine(date.today(), datetime.min.time(), UTC) + timedelta(hours=8, minutes=3)
    assert env.run(eight) == posts
    assert len(env.fake.of("chat.postMessage")) == posts


def test_digest_empty_day_is_one_line(env: Env) -> None:
    env.store.set_digest_channel(TEAM_ID, CHANNEL, hour_utc=0)
    assert env.run() == 1
    (post,) = env.fake.of("chat.postMessage")
    assert len(post.args["blocks"]) == 1
    assert "No articles stored and no open conflicts" in post.args["blocks"][0]["text"]["text"]


def test_digest_big_day_stays_within_slack_limits(env: Env) -> None:
    store_day(env.store, articles=60, conflicts=15, corroborations=3, filler=" long title" * 25)
    env.store.set_digest_channel(TEAM_ID, CHANNEL, hour_utc=0)
    assert env.run() == 1
    posts = env.fake.of("chat.postMessage")
    assert len(posts) > 1 and "thread_ts" not in posts[0].args
    assert {p.args.get("thread_ts") for p in posts[1:]} == {"1700000000.000001"}  # the first post's ts
    for post in posts:
        blocks = post.args["blocks"]
        assert len(blocks) <= MAX_BLOCKS
        for block in blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SECTION_TEXT_LIMIT
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= HEADER_LIMIT
    text = "".join(sent(p) for p in posts)
    assert "…and 20 more" in text  # 60 articles, 40 listed
    assert "…and 5 more conflict(s)" in text  # 15 conflicts, 10 shown


def test_digest_scheduler_job_runs_every_interval_and_coalesces(env: Env) -> None:
    scheduler = make_scheduler(lambda _workspace: env.client, env.store)
    job = scheduler.get_job(DIGEST_JOB_ID)
    assert isinstance(job.trigger, IntervalTrigger)
    assert job.trigger.interval == timedelta(minutes=DIGEST_INTERVAL_MINUTES)
    assert (job.coalesce, job.max_instances) == (True, 1)
    assert 0 < job.misfire_grace_time < DIGEST_INTERVAL_MINUTES * 60


def test_digest_serve_starts_the_scheduler_and_stops_it(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve()` with the HTTP loop replaced by a check of the running scheduler (no real listening)."""
    env.store.set_digest_channel(TEAM_ID, CHANNEL, hour_utc=0)
    seen: dict[str, object] = {}
    started = []

    def record_scheduler(client_for, store):
        scheduler = handlers.digest.start_scheduler(client_for, store)
        started.append(scheduler)
        return scheduler

    def serve_http(app, port, on_request, health):
        (scheduler,) = started
        job = scheduler.get_job(DIGEST_JOB_ID)
        seen.update(running=scheduler.running, interval=job.trigger.interval)
        seen["posted"] = env.fake.wait_calls("chat.postMessage")  # the first tick runs at start

    class Worker:  # the real worker process is exercised in test_serve_process.py
        stopped = False
        clock = Mock()

        def stop(self) -> None:
            Worker.stopped = True

    deps = Deps(env.settings, env.store, JobSubmitter(JobQueue(env.store)))
    monkeypatch.setattr(handlers.serve, "start_worker", lambda settings: (deps, Worker()))
    monkeypatch.setattr(handlers.serve, "start_scheduler", record_scheduler)
    monkeypatch.setattr(handlers.serve, "serve_http", serve_http)
    handlers.serve.serve(env.settings, port=0)
    assert seen["running"] is True
    assert seen["interval"] == timedelta(minutes=DIGEST_INTERVAL_MINUTES)
    assert started[0].running is False
    assert len(env.fake.of("chat.postMessage")) == 1
    assert Worker.stopped
