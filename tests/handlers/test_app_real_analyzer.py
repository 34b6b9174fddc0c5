"""The Slack app with the real analyzer (spaCy, SQLite file): seed articles over real HTTP."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from bot.pipeline import Analyzer
from bot.store.jobs import JobQueue
from handlers.app import build_app
from handlers.blocks import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    SECTION_TEXT_LIMIT,
    VERDICT_CHAR_BUDGET,
    VERDICT_MAX_BLOCKS,
    blocks_text,
)
from handlers.deps import Deps
from handlers.enqueue import JobSubmitter
from handlers.wsgi import wsgi_app
from tests.conftest import SEEDS as SEED_DIR
from tests.handlers.fake_slack import (
    BOT_USER_ID,
    TEAM_ID,
    Call,
    FakeSlack,
    block_action,
    event_callback,
    mention_event,
    post_signed,
    settings_for,
    slash_command,
)
from tests.handlers.http_server import serving
from tests.handlers.worker_thread import worker_thread

pytestmark = pytest.mark.slow

SECRET = "real-analyzer-secret"
SEEDS = ("000_81857113fe741bb9.txt", "001_a1b0d74f84e3b753.txt")
SEED = {p.name[:3]: p.name for p in SEED_DIR.glob("*.txt")}


def in_thread(call: Call, ts: str) -> bool:
    return call.args.get("thread_ts") == ts


@dataclass
class RealApp:
    url: str
    fake: FakeSlack
    analyzer: Analyzer

    def post(self, body: str, **kwargs):
        return post_signed(self.url, body, SECRET, **kwargs)


@contextmanager
def real_app(nlp, database_url: str) -> Iterator[RealApp]:
    """The app on a loopback port and a worker thread with the real analyzer and the session's model."""
    fake = FakeSlack().start()
    settings = settings_for(fake, database_url, SECRET)
    analyzer = Analyzer(settings)
    analyzer.__dict__["nlp"] = nlp  # the session's model instead of a second load
    queue, wake = JobQueue(analyzer.store), threading.Event()
    submitter = JobSubmitter(queue, wake.set)
    app = wsgi_app(settings, build_app(settings, Deps(settings, analyzer.store, submitter)), queue)
    try:
        with serving(app) as url, worker_thread(settings, analyzer, queue, wake):
            yield RealApp(url, fake, analyzer)
    finally:
        submitter.close()
        fake.stop()


def test_app_real_analyzer_summarises_and_compares_seeds(
    nlp, database_url: str, seed_texts: dict[str, str], gold: dict
) -> None:
    with real_app(nlp, database_url) as app:
        fake = app.fake
        first = app.post(slash_command(seed_texts[SEEDS[0]], fake.response_url()))
        assert first.status == 200 and first.seconds < 3
        fake.wait_calls("chat.postMessage", "response_url", timeout=120)
        assert not fake.of("response_url"), fake.of("response_url")[0].args["text"]  # an error note
        event = mention_event(f"<@{BOT_USER_ID}> {seed_texts[SEEDS[1]]}", ts="1700000900.000900")
        second = app.post(event_callback(event, "EvReal"), content_type="application/json")
        assert second.status == 200 and second.seconds < 3
        assert fake.wait_for(
            lambda f: sum(in_thread(c, event["ts"]) for c in f.of("chat.postMessage")) >= 2, 120
        )
        posts = fake.of("chat.postMessage")
    assert posts[0].args["channel"] == "C0NEWS01" and "thread_ts" not in posts[0].args
    assert posts[0].args["blocks"][0]["text"]["text"] == gold["articles"][SEEDS[0]]["title"]
    verdict, details = [c for c in posts if in_thread(c, event["ts"])][:2]  # verdict first, details next
    assert verdict.args["blocks"][0]["type"] == "header" and "*Lead*" in blocks_text(details.args["blocks"])
    for post in posts:
        assert len(post.args["blocks"]) <= MAX_BLOCKS
        for block in post.args["blocks"]:
            limit = HEADER_LIMIT if block["type"] == "header" else SECTION_TEXT_LIMIT
            assert len(block.get("text", {}).get("text", "")) <= limit
    assert app.analyzer.store.count_articles(TEAM_ID) == 2


LINK = re.compile(r"<(https?://[^|>]+)\|")


def ts_of(posts: list[Call], post: Call) -> str:
    """The ts the fake gave a posted message (it numbers posts in order)."""
    return f"1700000000.{posts.index(post) + 1:06d}"


def shown(call: Call) -> str:
    """What a reader sees of a post: the fallback and every text object, link targets left out."""
    return LINK.sub("<", call.args.get("text", "") + "\n" + blocks_text(call.args.get("blocks", [])))


def test_app_real_reply_verdict_first_sources_named_details_in_thread_search_works(
    nlp, database_url: str, seed_texts: dict[str, str]
) -> None:
    order = ["000", "003", "002", "001", "004"]
    verdicts: dict[str, Call] = {}
    with real_app(nlp, database_url) as app:
        fake = app.fake
        for n, key in enumerate(order, start=1):
            assert app.post(slash_command(seed_texts[SEED[key]], fake.response_url(key))).status == 200
            assert fake.wait_calls("chat.getPermalink", count=n, timeout=120)
            channel_posts = [c for c in fake.of("chat.postMessage") if "thread_ts" not in c.args]
            verdicts[key] = channel_posts[-1]
        assert not fake.of("response_url"), fake.of("response_url")[0].args
        found = {}
        for i, query in enumerate(("search speaker:Kirby", 'search speaker:"John Kirby"', "search Kirby")):
            app.post(slash_command(query, fake.response_url(f"search{i}")))
            (found[query],) = fake.wait_calls("response_url", count=len(found) + 1, timeout=30)[-1:]
        # "Different event" on 002's first finding: pasted again, 002 comes back without it.
        posts = fake.of("chat.postMessage")
        first = verdicts["002"]
        (buttons,) = [b for b in first.args["blocks"] if b["type"] == "actions"][:1]
        message = {"type": "message", "ts": ts_of(posts, first), **first.args}
        click = block_action(
            "dismiss_different_event", buttons["elements"][2]["value"], message, fake.response_url()
        )
        assert app.post(click).status == 200
        fake.wait_calls("chat.update", timeout=30)
        app.post(slash_command(seed_texts[SEED["002"]], fake.response_url("again")))
        fake.wait_calls("chat.getPermalink", count=len(order) + 1, timeout=120)
        again = [c for c in fake.of("chat.postMessage") if "thread_ts" not in c.args][-1]
        posts = fake.of("chat.postMessage")[: len(posts)]
    assert "already analyzed" in blocks_text(again.args["blocks"])
    assert "18%" not in blocks_text(again.args["blocks"]) and "*about 5%*" in blocks_text(
        first.args["blocks"]
    )
    # Seed 002 after 000 and 003: the verdict opens with the 5% vs 18% finding, linked to 003's verdict.
    verdict = verdicts["002"]
    blocks = verdict.args["blocks"]
    assert len(blocks) <= VERDICT_MAX_BLOCKS
    finding = blocks[3]
    this, other = (field["text"] for field in finding["fields"])
    assert "*about 5%*" in this and "*18%*" in other, finding
    assert finding["text"]["text"].startswith("*Different figure*")
    permalink = "https://newsroom.slack.com/archives/C0NEWS01/p" + ts_of(posts, verdicts["003"]).replace(
        ".", ""
    )
    where = blocks[4]["elements"][0]["text"]
    assert where.startswith(f"Other article: <{permalink}|pasted> by @reporter in #news on ")
    assert "Putin’s Overture for Ukraine Peace Talks" in where
    # The details are one reply in the verdict's thread.
    details = [c for c in posts if c.args.get("thread_ts") == ts_of(posts, verdict)]
    assert len(details) == 1
    assert "*Lead*" in blocks_text(details[0].args["blocks"]) and "said*" in blocks_text(
        details[0].args["blocks"]
    )
    for key, post in verdicts.items():
        text = blocks_text(post.args["blocks"])
        assert len(text) <= VERDICT_CHAR_BUDGET, (key, len(text))
        assert len(post.args["blocks"]) <= VERDICT_MAX_BLOCKS
        fallback = post.args["text"]
        assert "\n" not in fallback and fallback.startswith(post.args["blocks"][0]["text"]["text"][:40])
        assert "pasted by @reporter in #news on" in fallback
    for post in [*posts, again, *fake.of("chat.update", "response_url")]:
        seen = shown(post)
        for internal in ("slack:", "C0NEWS01", "seeds/", ".txt", "article #", "#None"):
            assert internal not in seen, (internal, seen)
    for query, answer in found.items():
        lines = [ln for ln in blocks_text(answer.args["blocks"]).splitlines() if ln.startswith("• ")]
        kirby = [ln for ln in lines if ln.startswith("• *John Kirby*: “")]
        assert len(kirby) >= 5, (query, lines)
        if "speaker:" in query:
            assert kirby == lines  # only his words
        assert "Next 10" in json.dumps(answer.args), query


def test_app_job_over_budget_is_told_and_frees_the_worker(
    nlp, database_url: str, seed_texts: dict[str, str]
) -> None:
    """A message over the analysis budget gets the one-line refusal, nothing is stored, and the next
    request is answered by the same worker."""
    from benchmarks.worst_cases import short_quotations

    with real_app(nlp, database_url) as app:
        normal = app.analyzer.settings
        app.analyzer.settings = normal.model_copy(update={"analysis_seconds": 0.5})
        huge = slash_command(short_quotations(39_000), app.fake.response_url("huge"), channel="C0HUGE01")
        assert app.post(huge).status == 200
        (note,) = app.fake.wait_calls("response_url", timeout=120)
        assert "too long or too complex to analyze within 0.5 s" in note.args["text"]
        assert app.analyzer.store.count_articles(TEAM_ID) == 0
        app.analyzer.settings = normal
        app.post(slash_command(seed_texts[SEEDS[0]], app.fake.response_url("ok")))
        (post, *_) = app.fake.wait_calls("chat.postMessage", timeout=120)
        assert post.args["channel"] == "C0NEWS01"
        assert app.analyzer.store.count_articles(TEAM_ID) == 1
