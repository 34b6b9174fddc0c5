"""The Slack app with the real analyzer (spaCy, SQLite file): two seed articles over real HTTP."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.pipeline import Analyzer
from bot.store.jobs import JobQueue
from handlers.app import build_app
from handlers.blocks import HEADER_LIMIT, MAX_BLOCKS, SECTION_TEXT_LIMIT
from handlers.deps import Deps
from handlers.enqueue import JobSubmitter
from handlers.serve import make_server
from tests.handlers.fake_slack import (
    BOT_USER_ID,
    TEAM_ID,
    Call,
    FakeSlack,
    event_callback,
    mention_event,
    post_signed,
    settings_for,
    slash_command,
)
from tests.handlers.worker_thread import worker_thread

SECRET = "real-analyzer-secret"
SEEDS = ("000_81857113fe741bb9.txt", "001_a1b0d74f84e3b753.txt")


def in_thread(call: Call, ts: str) -> bool:
    return call.args.get("thread_ts") == ts


@pytest.mark.slow
def test_app_real_analyzer_summarises_and_compares_seeds(
    nlp, tmp_path: Path, seed_texts: dict[str, str], gold: dict
) -> None:
    fake = FakeSlack().start()
    settings = settings_for(fake, tmp_path / 'newsbot.sqlite', SECRET)
    analyzer = Analyzer(settings)
    analyzer.__dict__["nlp"] = nlp  # the session's model instead of a second load
    queue, wake = JobQueue(analyzer.store), threading.Event()
    submitter = JobSubmitter(queue, wake.set)
    server = make_server(build_app(settings, Deps(settings, analyzer.store, submitter)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    try:
        with worker_thread(settings, analyzer, queue, wake):
            first = post_signed(url, slash_command(seed_texts[SEEDS[0]], fake.response_url()), SECRET)
            assert first.status == 200 and first.seconds < 3
            fake.wait_calls("chat.postMessage", "response_url", timeout=120)
            assert not fake.of("response_url"), fake.of("response_url")[0].args["text"]  # an error note
            event = mention_event(f"<@{BOT_USER_ID}> {seed_texts[SEEDS[1]]}", ts="1700000900.000900")
            second = post_signed(
                url, event_callback(event, "EvReal"), SECRET, content_type="application/json"
            )
            assert second.status == 200 and second.seconds < 3
            assert fake.wait_for(
                lambda f: any(in_thread(c, event["ts"]) for c in f.of("chat.postMessage")), 120
            )
            posts = fake.of("chat.postMessage")
    finally:
        submitter.close()
        server.shutdown()
        server.server_close()
        fake.stop()
    assert posts[0].args["channel"] == "C0NEWS01" and "thread_ts" not in posts[0].args
    assert posts[0].args["blocks"][0]["text"]["text"] == gold["articles"][SEEDS[0]]["title"]
    for post in fake.of("chat.postMessage"):
        assert len(post.args["blocks"]) <= MAX_BLOCKS
        for block in post.args["blocks"]:
            limit = HEADER_LIMIT if block["type"] == "header" else SECTION_TEXT_LIMIT
            assert len(block.get("text", {}).get("text", "")) <= limit
    assert analyzer.store.count_articles(TEAM_ID) == 2
