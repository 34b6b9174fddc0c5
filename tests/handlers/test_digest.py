"""The digest clock under a controlled clock: APScheduler's real job processing, stepped through the
days (`tests/handlers/clock_harness.py`), posting to the fake Slack from a real SQLite file.

Exactly once at 08:00 local through DST changes; catch-up after a restart and nothing on the next;
a dead claimer's digest posted once after the claim timeout; two clocks on one database post once;
failing channels retried with backoff (429: after Retry-After) while the others post on time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

import handlers.clock
import handlers.serve
from bot.digest.slots import slot_on
from bot.models import ClaimRef, CleanedArticle, Finding
from bot.store.jobs import JobQueue
from bot.store.schema import FindingRow
from handlers.blocks import HEADER_LIMIT, MAX_BLOCKS, SECTION_TEXT_LIMIT
from handlers.clock import SWEEP_JOB_ID, clock_embedded, cron_for
from handlers.deps import Deps
from handlers.digest import state_line
from handlers.enqueue import JobSubmitter
from handlers.views.home import home_for
from tests.bot.test_digest import DST_DAYS
from tests.handlers.clock_harness import ClockEnv, clock_env
from tests.handlers.fake_slack import TEAM_ID

CHANNEL = "C0DIGEST"
DANGEROUS_TITLE = "Alert <!channel> & <@U123> <https://evil.example|click>"
DAY = date(2026, 3, 4)
EIGHT = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ClockEnv]:
    yield from clock_env(tmp_path, monkeypatch, EIGHT - timedelta(days=1))


def store_article(env: ClockEnv, title: str, at: datetime, findings: int = 0, source: str = "src") -> int:
    """An article stored at `at` (and `findings` figure conflicts with the article before it)."""
    with env.store.session() as s:
        row = env.store.add_article(
            s, TEAM_ID, CleanedArticle(f"{title}\n\nBody of {title}.", title, source), "k"
        )
        row.created_at = at
        conflicts = [
            Finding(
                "numeric_discrepancy",
                ClaimRef(row.id, "src", None, title, f"{i}% said", f"{i}%", 100 * i, 100 * i + 2),
                ClaimRef(
                    row.id - 1, "src", None, "before", f"{i + 50}% said", f"{i + 50}%", 100 * i, 100 * i + 3
                ),
                f"{i}% here vs {i + 50}% there",
                0.9,
            )
            for i in range(findings)
        ]
        env.store.add_findings(s, TEAM_ID, conflicts)
        return row.id


def text_of(call) -> str:
    return json.dumps({k: call.args.get(k) for k in ("text", "blocks")}, ensure_ascii=False)


def set_channel(env: ClockEnv, channel: str = CHANNEL, at: str = "08:00", zone: str = "UTC") -> None:
    env.book.set_channel(TEAM_ID, channel, at, zone, now=env.frozen.value)


# --- 08:00 local, once a day, through daylight-saving changes -------------------------------------


@pytest.mark.parametrize(("zone", "first", "utc_hours"), DST_DAYS, ids=[f"{z}-{d}" for z, d, _ in DST_DAYS])
def test_digest_fires_at_8_local_once_a_day_through_dst(
    env: ClockEnv, zone: str, first: date, utc_hours: tuple[int, int, int]
) -> None:
    start = datetime.combine(first, datetime.min.time(), ZoneInfo(zone)).astimezone(UTC)
    env.frozen.value = start
    set_channel(env, zone=zone)
    days = [first + timedelta(days=i) for i in range(3)]
    for day in days:  # one article an hour before each slot
        store_article(env, f"News of {day}", slot_on(day, "08:00", zone) - timedelta(hours=1))
    clock = env.clock(digest_sync_seconds=3600)
    clock.start()
    env.run_until(clock, start + timedelta(days=3))
    rows = env.book.posts(TEAM_ID, CHANNEL)
    assert [r.local_date for r in rows] == days
    assert [r.status for r in rows] == ["posted"] * 3
    finished = [r.finished_at.replace(tzinfo=UTC) for r in rows]
    assert [f.hour for f in finished] == list(utc_hours)  # posted at the slot itself
    assert all(f.astimezone(ZoneInfo(zone)).hour == 8 and f.minute == 0 for f in finished)
    posts = env.posts()
    assert len(posts) == 3
    for post, day in zip(posts, days, strict=True):  # each digest only what came since the last one
        assert f"News of {day}" in text_of(post)
        assert [d for d in days if d != day and f"News of {d}" in text_of(post)] == []


def test_digest_clock_has_one_cron_job_per_channel_in_its_zone(env: ClockEnv) -> None:
    set_channel(env, "C0KYIV01", "08:00", "Europe/Kyiv")
    set_channel(env, "C0NYC001", "07:30", "America/New_York")
    clock = env.clock()
    clock.start()
    jobs = {j.id: j for j in clock.scheduler.get_jobs()}
    kyiv = jobs[f"digest:{TEAM_ID}:C0KYIV01"]
    assert str(kyiv.trigger) == str(cron_for(env.book.channel(TEAM_ID, "C0KYIV01")))
    assert kyiv.trigger.timezone == ZoneInfo("Europe/Kyiv")
    assert kyiv.misfire_grace_time == 3600 and kyiv.coalesce and kyiv.max_instances == 1
    assert jobs[f"digest:{TEAM_ID}:C0NYC001"].trigger.timezone == ZoneInfo("America/New_York")
    assert SWEEP_JOB_ID in jobs
    env.book.turn_off(TEAM_ID, "C0NYC001")
    set_channel(env, "C0KYIV01", "09:15", "Europe/Kyiv")
    clock.sweep()
    jobs = {j.id: j for j in clock.scheduler.get_jobs()}
    assert f"digest:{TEAM_ID}:C0NYC001" not in jobs
    assert "hour='9'" in str(jobs[f"digest:{TEAM_ID}:C0KYIV01"].trigger)


# --- restarts, dead claimers, two clocks ---------------------------------------------------------


def test_digest_restart_after_the_slot_posts_once_and_a_second_restart_nothing(env: ClockEnv) -> None:
    set_channel(env)
    store_article(env, "Overnight story", EIGHT - timedelta(hours=2))
    env.frozen.value = EIGHT + timedelta(minutes=20)  # the clock was down at 08:00
    first = env.clock()
    first.start()
    env.run_until(first, EIGHT + timedelta(minutes=21))
    assert len(env.posts()) == 1 and "Overnight story" in text_of(env.posts()[0])
    first.stop()
    env.frozen.value = EIGHT + timedelta(minutes=40)
    second = env.clock()
    second.start()
    env.run_until(second, EIGHT + timedelta(hours=3))
    assert len(env.posts()) == 1
    assert [r.local_date for r in env.book.posts(TEAM_ID, CHANNEL)] == [DAY]


def test_digest_restart_beyond_the_grace_period_posts_nothing_until_the_next_slot(env: ClockEnv) -> None:
    set_channel(env)
    store_article(env, "Overnight story", EIGHT - timedelta(hours=2))
    env.frozen.value = EIGHT + timedelta(hours=1, minutes=1)
    clock = env.clock(digest_sync_seconds=3600)
    clock.start()
    env.run_until(clock, EIGHT + timedelta(hours=23))
    assert env.posts() == []
    env.run_until(clock, EIGHT + timedelta(days=1, minutes=1))
    (post,) = env.posts()
    assert "Overnight story" in text_of(post)  # the window starts where the last digest ended: none yet


def test_digest_claimed_by_a_clock_that_died_is_posted_once_after_the_timeout(env: ClockEnv) -> None:
    set_channel(env)
    store_article(env, "Overnight story", EIGHT - timedelta(hours=2))
    channel = env.book.channel(TEAM_ID, CHANNEL)
    dead = env.book.claim(channel, DAY, EIGHT, EIGHT - timedelta(days=1), EIGHT, "host:dead", EIGHT)
    assert dead is not None  # claimed at 08:00, then killed before posting
    env.frozen.value = EIGHT + timedelta(minutes=1)
    clock = env.clock(digest_claim_timeout_seconds=600)
    clock.start()
    env.run_until(clock, EIGHT + timedelta(minutes=9))
    assert env.posts() == []  # not yet: the claimer may only be slow
    env.run_until(clock, EIGHT + timedelta(hours=2))
    (post,) = env.posts()
    assert "Overnight story" in text_of(post)
    (row,) = env.book.posts(TEAM_ID, CHANNEL)
    assert (row.status, row.attempts, row.claimed_by) == ("posted", 2, clock.poster.claimer)


def test_digest_resumed_after_the_parent_was_posted_never_posts_the_parent_again(env: ClockEnv) -> None:
    set_channel(env)
    for i in range(40):
        store_article(
            env, f"Story {i} " + "long title " * 25, EIGHT - timedelta(hours=2), findings=2 if i else 0
        )
    channel = env.book.channel(TEAM_ID, CHANNEL)
    dead = env.book.claim(channel, DAY, EIGHT, EIGHT - timedelta(days=1), EIGHT, "host:dead", EIGHT)
    env.book.record_part(dead.id, "host:dead", 1, "1699999999.000001", EIGHT)  # parent out, then killed
    env.frozen.value = EIGHT + timedelta(minutes=11)
    clock = env.clock()
    clock.start()
    env.run_until(clock, EIGHT + timedelta(minutes=12))
    posts = env.posts()
    assert len(posts) >= 2
    assert {p.args.get("thread_ts") for p in posts} == {"1699999999.000001"}  # thread replies only
    (row,) = env.book.posts(TEAM_ID, CHANNEL)
    assert row.status == "posted" and row.parts_posted == len(posts) + 1


def test_digest_two_clocks_started_together_post_once(env: ClockEnv) -> None:
    set_channel(env)
    store_article(env, "Overnight story", EIGHT - timedelta(hours=2))
    env.frozen.value = EIGHT - timedelta(minutes=1)
    one, two = env.clock(), env.clock()
    one.poster.claimer, two.poster.claimer = "host:1", "host:2"
    one.start()
    two.start()
    for minute in range(1, 90):  # both see every wake-up, as two processes would
        end = EIGHT - timedelta(minutes=1) + timedelta(minutes=minute)
        env.run_until(one, end)
        env.frozen.value = end - timedelta(minutes=1)
        env.run_until(two, end)
    assert len(env.posts()) == 1
    assert len(env.book.posts(TEAM_ID, CHANNEL)) == 1


# --- failures -----------------------------------------------------------------------------------


def test_digest_failing_channels_are_retried_with_backoff_and_do_not_hold_up_others(env: ClockEnv) -> None:
    for channel in ("C0GONE01", "C0OUT001", "C0RATE01", CHANNEL):
        set_channel(env, channel)
    store_article(env, "Overnight story", EIGHT - timedelta(hours=2))
    env.fake.missing_channels.add("C0GONE01")
    env.fake.not_in_channel.add("C0OUT001")
    env.fake.rate_limited_channels["C0RATE01"] = 2
    env.fake.retry_after = "30"
    env.frozen.value = EIGHT - timedelta(minutes=1)
    clock = env.clock(digest_sync_seconds=60)
    clock.start()
    env.run_until(clock, EIGHT + timedelta(minutes=30))
    (ok,) = env.book.posts(TEAM_ID, CHANNEL)
    assert ok.status == "posted" and ok.finished_at.replace(tzinfo=UTC) == EIGHT  # on time
    (rate,) = env.book.posts(TEAM_ID, "C0RATE01")
    assert (rate.status, rate.attempts) == ("posted", 3)  # two 429s, each retried after Retry-After
    assert rate.finished_at.replace(tzinfo=UTC) <= EIGHT + timedelta(minutes=2)
    assert len(env.fake.of("chat.postMessage:429")) == 2
    gone = env.book.latest(TEAM_ID, "C0GONE01")
    assert (gone.status, gone.last_error, gone.attempts) == ("failed", "channel_not_found", 5)  # 1+2+4+8 min
    assert env.book.latest(TEAM_ID, "C0OUT001").last_error == "not_in_channel"
    line = state_line(env.book.channel(TEAM_ID, "C0GONE01"), gone)
    assert "failed 5×: channel_not_found, next try 08:31 UTC" in line
    home = json.dumps(home_for(env.store, TEAM_ID), ensure_ascii=False)
    assert "<#C0GONE01> — every day at 08:00 UTC; :warning: 2026-03-04 failed 5×: channel_not_found" in home
    assert "<#C0DIGEST> — every day at 08:00 UTC; last: 2026-03-04 (posted)" in home
    env.fake.missing_channels.clear()  # someone invited the bot back
    env.run_until(clock, EIGHT + timedelta(hours=2))
    assert env.book.latest(TEAM_ID, "C0GONE01").status == "posted"
    # The fake records refused posts too: five refused then one posted; one each for the others.
    assert [len(env.posts(c)) for c in ("C0GONE01", "C0RATE01", CHANNEL)] == [6, 1, 1]
    still = env.book.latest(TEAM_ID, "C0OUT001")
    assert still.status == "failed" and still.attempts == len(env.posts("C0OUT001")) == 7


def test_digest_failing_all_day_gives_up_at_the_next_slot_which_covers_it(env: ClockEnv) -> None:
    set_channel(env, "C0GONE01")
    store_article(env, "Overnight story", EIGHT - timedelta(hours=2))
    env.fake.missing_channels.add("C0GONE01")
    env.frozen.value = EIGHT - timedelta(minutes=1)
    clock = env.clock(digest_sync_seconds=300)
    clock.start()
    env.run_until(clock, EIGHT + timedelta(hours=23, minutes=59))
    state = env.book.latest(TEAM_ID, "C0GONE01")
    assert state.status == "failed" and state.retry_at is None
    assert "given up for that day" in state_line(env.book.channel(TEAM_ID, "C0GONE01"), state)
    attempts = state.attempts
    assert 20 <= attempts <= 30  # hourly at most once the backoff reached its cap
    env.fake.missing_channels.clear()
    env.run_until(clock, EIGHT + timedelta(days=1, minutes=1))
    assert [r.status for r in env.book.posts(TEAM_ID, "C0GONE01")] == ["failed", "posted"]
    assert len(env.posts("C0GONE01")) == attempts + 1  # every refused try, then the next day's post
    assert "Overnight story" in text_of(env.posts("C0GONE01")[-1])  # it covers what the failed one had


# --- what is posted -------------------------------------------------------------------------------


def test_digest_nothing_new_posts_nothing_unless_the_setting_asks_for_a_line(env: ClockEnv) -> None:
    set_channel(env)
    env.frozen.value = EIGHT - timedelta(minutes=1)
    quiet = env.clock()
    quiet.start()
    env.run_until(quiet, EIGHT + timedelta(minutes=1))
    assert env.posts() == [] and env.book.latest(TEAM_ID, CHANNEL).status == "empty"
    quiet.stop()
    chatty = env.clock(digest_post_when_empty=True, digest_sync_seconds=3600)
    chatty.start()
    env.run_until(chatty, EIGHT + timedelta(days=1, minutes=1))
    (post,) = env.posts()
    assert "nothing new since the last digest" in text_of(post) and len(post.args["blocks"]) == 1


def test_digest_long_digest_is_a_parent_and_thread_replies_within_slack_limits(env: ClockEnv) -> None:
    set_channel(env)
    for i in range(60):
        store_article(
            env,
            f"{DANGEROUS_TITLE} {i} " + "long title " * 25,
            EIGHT - timedelta(hours=1),
            findings=3 if i else 0,
        )
    env.frozen.value = EIGHT - timedelta(minutes=1)
    clock = env.clock()
    clock.start()
    env.run_until(clock, EIGHT + timedelta(minutes=1))
    posts = env.posts()
    assert len(posts) > 1 and "thread_ts" not in posts[0].args
    assert posts[0].args["blocks"][0]["text"]["text"] == "Newsroom digest — Wednesday 2026-03-04"
    parent_ts = "1700000000.000001"
    assert {p.args.get("thread_ts") for p in posts[1:]} == {parent_ts}
    for post in posts:
        blocks = post.args["blocks"]
        assert len(blocks) <= MAX_BLOCKS
        for block in blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SECTION_TEXT_LIMIT
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= HEADER_LIMIT
    everything = "".join(text_of(p) for p in posts)
    for dangerous in ("<!channel>", "<@U123>", "<https://evil.example"):
        assert dangerous not in everything
    assert "&lt;!channel&gt;" in everything
    assert [b for p in posts for b in p.args["blocks"] if b["type"] == "actions"]  # dismiss buttons


def test_digest_names_sources_as_reporters_do_and_links_the_analysis_thread(env: ClockEnv) -> None:
    set_channel(env)
    article = store_article(env, "Overnight story", EIGHT - timedelta(hours=2), source="slack:C0NEWS01")
    permalink = "https://newsroom.slack.com/archives/C0NEWS01/p1700000000000001"
    origin = {"channel_id": "C0NEWS01", "channel_name": "news", "user_name": "maria"}
    env.store.note_slack_origin(TEAM_ID, [article], origin=origin, permalink=permalink)
    env.frozen.value = EIGHT - timedelta(minutes=1)
    clock = env.clock()
    clock.start()
    env.run_until(clock, EIGHT + timedelta(minutes=1))
    (post,) = env.posts()
    text = text_of(post)
    assert f"<{permalink}|Overnight story>" in text  # the title opens newsbot's analysis thread
    assert "by @maria in #news" in text


def test_digest_dismissed_finding_is_not_posted(env: ClockEnv) -> None:
    set_channel(env)
    store_article(env, "Earlier story", EIGHT - timedelta(hours=3))
    store_article(env, "Later story", EIGHT - timedelta(hours=2), findings=2)
    with env.store.session() as s:
        dismissed = s.scalar(select(FindingRow.id).where(FindingRow.explanation.like("0%")))
    env.store.dismiss(TEAM_ID, dismissed, "not_contradiction", "U1")
    env.frozen.value = EIGHT - timedelta(minutes=1)
    clock = env.clock()
    clock.start()
    env.run_until(clock, EIGHT + timedelta(minutes=1))
    (post,) = env.posts()
    assert "1% here vs 51% there" in text_of(post)
    assert "0% here vs 50% there" not in text_of(post) and f"finding-{dismissed}-" not in text_of(post)


# --- where the clock runs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "setting", "embedded"),
    [
        ("sqlite:///x.sqlite", "auto", True),
        ("postgresql://u@h/db", "auto", False),
        ("postgresql://u@h/db", "embedded", True),
        ("sqlite:///x.sqlite", "external", False),
    ],
)
def test_digest_clock_runs_inside_serve_only_on_sqlite_by_default(
    env: ClockEnv, url: str, setting: str, embedded: bool
) -> None:
    assert clock_embedded(env.settings.model_copy(update={"database_url": url, "clock": setting})) is embedded


def test_digest_serve_starts_the_embedded_clock_and_stops_it(
    env: ClockEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve()` with the HTTP loop replaced by a look at the running clock (no real listening)."""
    seen: dict[str, object] = {}
    started = []

    def record_clock(settings, store):
        clock = handlers.clock.start_embedded_clock(settings, store)
        started.append(clock)
        return clock

    def serve_http(app, port):
        (clock,) = started
        seen.update(running=clock.scheduler.running, sweep=clock.scheduler.get_job(SWEEP_JOB_ID) is not None)

    class Worker:  # the real worker process is exercised in test_serve_process.py
        stopped = False

        class clock:  # noqa: N801 - stands for the worker's RequestClock
            @staticmethod
            def touch() -> None: ...

        def stop(self) -> None:
            Worker.stopped = True

    deps = Deps(env.settings, env.store, JobSubmitter(JobQueue(env.store)))
    monkeypatch.setattr(handlers.serve, "start_worker", lambda settings: (deps, Worker()))
    monkeypatch.setattr(handlers.serve, "start_embedded_clock", record_clock)
    monkeypatch.setattr(handlers.serve, "serve_http", serve_http)
    handlers.serve.serve(env.settings, port=0)
    assert seen == {"running": True, "sweep": True}
    assert started[0].scheduler.running is False
    assert Worker.stopped
