"""End to end over real HTTP: signed Slack requests to the app on a loopback port, a fake Web API
recording what the bot sends back, and a real SQLite file database."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

import pytest

from bot.settings import Settings
from bot.store import Store
from bot.store.digests import DigestBook
from bot.store.jobs import JobQueue
from bot.store.schema import FindingRow
from handlers.app import build_app
from handlers.blocks import blocks_text
from handlers.deps import Deps
from handlers.enqueue import JobSubmitter
from handlers.worker import Worker
from handlers.wsgi import WsgiApp, wsgi_app
from tests.conftest import ROOT
from tests.handlers.fake_analyzer import FakeAnalyzer
from tests.handlers.fake_slack import (
    BOT_USER_ID,
    TEAM_ID,
    FakeSlack,
    block_action,
    event_callback,
    eventually,
    interactive,
    mention_event,
    message_shortcut,
    post_signed,
    settings_for,
    slash_command,
)
from tests.handlers.http_server import serving
from tests.handlers.worker_thread import worker_thread

pytestmark = pytest.mark.slow

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ARTICLE = "Talks end without a deal\nOfficials said 5% of the region is still contested after the talks."
LATER = "Talks resume\nOfficials now say 7% of the region is contested, a higher figure than before."
QUIET = 0.5  # seconds to wait for a reply that must NOT come


@dataclass
class Running:
    url: str
    fake: FakeSlack
    analyzer: FakeAnalyzer
    store: Store
    settings: Settings
    queue: JobQueue
    app: WsgiApp | None = None  # the WSGI app the server serves
    wake: threading.Event = field(default_factory=threading.Event)
    _worker: AbstractContextManager[Worker] | None = None

    def post(self, body: str, content_type: str = "application/x-www-form-urlencoded", **kwargs):
        return post_signed(self.url, body, SECRET, content_type=content_type, **kwargs)

    def event(self, event: dict, event_id: str, **kwargs):
        return self.post(event_callback(event, event_id), "application/json", **kwargs)

    def start_worker(self) -> None:
        self._worker = worker_thread(self.settings, self.analyzer, self.queue, self.wake)
        self._worker.__enter__()

    def stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.__exit__(None, None, None)
            self._worker = None


@pytest.fixture
def running(database_url: str) -> Iterator[Running]:
    """The app on a loopback port (acks and queues) and a worker thread answering its jobs."""
    fake = FakeSlack().start()
    settings = settings_for(fake, database_url, SECRET)
    store = Store.open(settings.database_url)
    queue = JobQueue(store)
    state = Running("", fake, FakeAnalyzer(store), store, settings, queue)
    submitter = JobSubmitter(queue, state.wake.set)
    state.app = wsgi_app(settings, build_app(settings, Deps(settings, store, submitter)), queue)
    try:
        with serving(state.app) as state.url:
            state.start_worker()
            yield state
    finally:
        state.stop_worker()
        submitter.close()
        fake.stop()
        store.close()


def all_text(call) -> str:
    return json.dumps({k: call.args.get(k) for k in ("text", "blocks", "view")})


def is_verdict(call) -> bool:
    """The first message of a reply (headline first); the details follow in its thread."""
    return call.args.get("blocks", [{}])[0].get("type") == "header"


def verdicts(fake: FakeSlack, count: int = 1) -> list:
    """Wait for `count` replies to articles; their verdict messages."""
    assert fake.wait_for(lambda f: len([c for c in f.of("chat.postMessage") if is_verdict(c)]) >= count)
    return [c for c in fake.of("chat.postMessage") if is_verdict(c)]


def test_app_slash_command_acks_then_posts_summary_in_channel(running: Running) -> None:
    answer = running.post(slash_command(ARTICLE, running.fake.response_url()))
    assert answer.status == 200
    assert answer.json()["response_type"] == "ephemeral"
    assert "Analyzing" in answer.json()["text"]
    (post,) = verdicts(running.fake)
    assert post.args["channel"] == "C0NEWS01"
    assert post.args["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Talks end without a deal", "emoji": False},
    }
    assert post.args["text"].startswith("Talks end without a deal")
    assert running.store.count_articles(TEAM_ID) == 1


def test_app_slash_command_outside_channel_answers_through_response_url(running: Running) -> None:
    running.fake.not_in_channel.add("C0PRIV01")
    running.post(slash_command(ARTICLE, running.fake.response_url(), channel="C0PRIV01"))
    (reply,) = running.fake.wait_calls("response_url")
    assert reply.args["response_type"] == "in_channel"
    assert reply.args["blocks"][0]["text"]["text"] == "Talks end without a deal"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", "/newsbot search"),
        ("", "/newsbot search"),
        ("digest here 25", "hours go from 00 to 23"),
        ("digest here 08:00 Mars/Base", "IANA name such as Europe/Kyiv"),
    ],
)
def test_app_slash_command_answers_in_the_ack(running: Running, text: str, expected: str) -> None:
    answer = running.post(slash_command(text, running.fake.response_url()))
    assert answer.status == 200
    assert expected in json.dumps(answer.json())
    time.sleep(QUIET)
    assert running.fake.of("chat.postMessage", "response_url") == []


def test_app_slash_command_input_error_is_a_short_ephemeral_note(running: Running) -> None:
    running.post(slash_command("http://unreachable.example/story", running.fake.response_url()))
    (reply,) = running.fake.wait_calls("response_url")
    assert reply.args["response_type"] == "ephemeral"
    assert "could not fetch" in reply.args["text"]
    assert "Traceback" not in all_text(reply)
    assert running.fake.of("chat.postMessage") == []


@pytest.mark.parametrize(
    ("text", "profile_tz", "setting"),
    [
        ("digest here 07:30 Europe/Kyiv", None, ("07:30", "Europe/Kyiv")),
        ("digest here", "America/New_York", ("08:00", "America/New_York")),  # the user's zone (users.info)
        ("digest here 6", None, ("06:00", "UTC")),  # no zone in the profile either
    ],
)
def test_app_slash_command_digest_here_sets_time_and_zone(
    running: Running, text: str, profile_tz: str | None, setting: tuple[str, str]
) -> None:
    if profile_tz:
        running.fake.user_tz["U0USER01"] = profile_tz
    running.post(slash_command(text, running.fake.response_url()))
    (reply,) = running.fake.wait_calls("response_url")
    assert reply.args["response_type"] == "ephemeral"
    assert f"every day at {setting[0]} ({setting[1]})" in reply.args["text"]
    channel = DigestBook(running.store).channel(TEAM_ID, "C0NEWS01")
    assert (channel.local_time, channel.timezone, channel.enabled) == (*setting, True)
    asked = running.fake.of("users.info")
    assert [c.args["user"] for c in asked] == ([] if "Europe/Kyiv" in text else ["U0USER01"])


def test_app_slash_command_digest_shows_the_setting_and_turns_off(running: Running) -> None:
    running.post(slash_command("digest", running.fake.response_url("r0")))
    running.post(slash_command("digest here 09:15 Europe/Kyiv", running.fake.response_url("r1")))
    running.fake.wait_calls("response_url", count=2)
    running.post(slash_command("digest", running.fake.response_url("r2")))
    running.fake.wait_calls("response_url", count=3)
    running.post(slash_command("digest off", running.fake.response_url("r3")))
    running.fake.wait_calls("response_url", count=4)
    running.post(slash_command("digest", running.fake.response_url("r4")))
    replies = {c.path: c.args["text"] for c in running.fake.wait_calls("response_url", count=5)}
    assert "has no digest" in replies["/response/r0"]
    shown = "Digest in this channel: every day at 09:15 Europe/Kyiv; none posted yet."
    assert replies["/response/r2"] == shown
    assert "The digest is off in this channel." in replies["/response/r3"]
    assert replies["/response/r4"] == "Digest in this channel: off."
    assert running.fake.of("chat.postMessage") == []


def test_app_slash_command_digest_now_is_an_ephemeral_preview(running: Running) -> None:
    two_articles_with_a_finding(running)
    posted = len(running.fake.wait_calls("chat.postMessage", count=4))  # each: verdict, then details
    running.post(slash_command("digest now", running.fake.response_url()))
    replies = running.fake.wait_calls("response_url")
    assert {r.args["response_type"] for r in replies} == {"ephemeral"}
    assert replies[0].args["blocks"][0]["text"]["text"].startswith("Newsroom digest — ")
    text = "".join(all_text(r) for r in replies)
    assert "Talks end without a deal" in text and "Talks resume" in text and "open conflict" in text
    assert len(running.fake.of("chat.postMessage")) == posted  # the preview posted nothing
    assert DigestBook(running.store).posts(TEAM_ID, "C0NEWS01") == []


def test_app_slash_command_alias_is_stored(running: Running) -> None:
    running.post(slash_command("alias Zelensky = Volodymyr Zelenskyy", running.fake.response_url()))
    running.fake.wait_calls("response_url")
    assert running.store.workspace_aliases(TEAM_ID) == [("Zelensky", "Volodymyr Zelenskyy")]


def test_app_mention_with_article_replies_in_its_thread(running: Running) -> None:
    answer = running.event(mention_event(f"<@{BOT_USER_ID}> {ARTICLE}", ts="1700000100.000100"), "Ev01")
    assert answer.status == 200
    (post,) = verdicts(running.fake)
    assert post.args["thread_ts"] == "1700000100.000100"
    assert post.args["blocks"][0]["text"]["text"] == "Talks end without a deal"
    assert running.analyzer.calls == [ARTICLE]


def test_app_mention_alone_in_thread_analyzes_the_parent(running: Running) -> None:
    parent_ts = "1700000050.000050"
    running.fake.threads[("C0NEWS01", parent_ts)] = {"type": "message", "text": ARTICLE, "ts": parent_ts}
    event = mention_event(f"<@{BOT_USER_ID}>", ts="1700000200.000200", thread_ts=parent_ts)
    running.event(event, "Ev02")
    (post,) = verdicts(running.fake)
    (replies,) = running.fake.of("conversations.replies")
    assert replies.args["ts"] == parent_ts
    assert post.args["thread_ts"] == parent_ts
    assert running.analyzer.calls == [ARTICLE]


def test_app_retried_event_is_handled_once(running: Running) -> None:
    event = mention_event(f"<@{BOT_USER_ID}> {ARTICLE}", ts="1700000300.000300")
    first = running.event(event, "Ev03")
    retry = running.event(
        event, "Ev03", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    assert (first.status, retry.status) == (200, 200)
    # A later, different event: the work queue is first-in first-out, so once its reply is posted a
    # queued retry would have been handled too.
    sentinel = f"<@{BOT_USER_ID}> Sentinel story: the council met on Monday and approved the budget."
    running.event(mention_event(sentinel, ts="1700000301.000301"), "Ev04")
    posts = verdicts(running.fake, count=2)
    assert [p.args["thread_ts"] for p in posts] == ["1700000300.000300", "1700000301.000301"]
    assert len(running.analyzer.calls) == 2


@pytest.mark.parametrize(
    ("secret", "age_seconds"),
    [("not-the-secret", 0), (SECRET, 6 * 60)],
    ids=["bad-signature", "stale-timestamp"],
)
def test_app_rejects_unverified_requests(running: Running, secret: str, age_seconds: int) -> None:
    body = slash_command(ARTICLE, running.fake.response_url())
    answer = post_signed(running.url, body, secret, timestamp=int(time.time()) - age_seconds)
    assert answer.status == 401
    time.sleep(QUIET)
    assert running.analyzer.calls == []


def test_app_article_mentions_are_rendered_harmless(running: Running) -> None:
    article = "Alert <!channel> and <@U123>\nA statement told <!here> & <@U123> to read <https://evil.example|this>."
    running.post(slash_command(article, running.fake.response_url()))
    posts = running.fake.wait_calls("chat.postMessage", count=2)
    # Slack reads mentions and links in `mrkdwn` text and the `text` fallback; `plain_text` (the header)
    # is shown as written, so there the article's words stay as they are.
    sent = " ".join(
        [p.args["text"] for p in posts] + [blocks_text(p.args["blocks"], "mrkdwn") for p in posts]
    )
    for dangerous in ("<!channel>", "<!here>", "<@U123>", "<https://evil.example"):
        assert dangerous not in sent
    assert "&lt;!channel&gt;" in sent
    assert posts[0].args["blocks"][0]["text"]["text"] == "Alert <!channel> and <@U123>"


def test_app_escaping_by_text_type_end_to_end(running: Running) -> None:
    """Slack sends "&", "<", ">" as entities; the header (plain_text) shows them as typed, mrkdwn escapes
    them exactly once."""
    typed = "Deal with AT&T <b> > a\nThe AT&T deal: 5% of <shares> & more."
    slack_sends = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    running.post(slash_command(slack_sends, running.fake.response_url()))
    verdict, details = running.fake.wait_calls("chat.postMessage", count=2)
    assert verdict.args["blocks"][0]["text"]["text"] == "Deal with AT&T <b> > a"
    mrkdwn = blocks_text(details.args["blocks"], "mrkdwn") + verdict.args["text"]
    assert "The AT&amp;T deal: 5% of &lt;shares&gt; &amp; more." in mrkdwn  # the lead
    assert "“Deal with AT&amp;T &lt;b&gt; &gt; a”" in mrkdwn  # the quote, by its speaker
    assert "&amp;amp;" not in mrkdwn and "&amp;lt;" not in mrkdwn and "&amp;gt;" not in mrkdwn


def test_app_message_shortcut_replies_in_the_message_thread(running: Running) -> None:
    running.post(message_shortcut(ARTICLE, "1700000400.000400", running.fake.response_url()))
    (post,) = verdicts(running.fake)
    assert post.args["thread_ts"] == "1700000400.000400"
    assert post.args["channel"] == "C0NEWS01"


def two_articles_with_a_finding(running: Running) -> tuple[dict, int]:
    """Post two articles whose figures differ; return the second reply (as Slack stores it) and finding id."""
    running.event(mention_event(f"<@{BOT_USER_ID}> {ARTICLE}", ts="1700000500.000500"), "Ev05")
    verdicts(running.fake)
    running.event(mention_event(f"<@{BOT_USER_ID}> {LATER}", ts="1700000600.000600"), "Ev06")
    reply = verdicts(running.fake, count=2)[1].args
    actions = [b for b in reply["blocks"] if b["type"] == "actions"]
    assert len(actions) == 1
    finding_id = int(actions[0]["elements"][0]["value"])
    return {
        "type": "message",
        "ts": "1700000600.000601",
        "text": reply["text"],
        "blocks": reply["blocks"],
    }, finding_id


@pytest.mark.parametrize(
    ("action_id", "reason", "shown"),
    [
        ("dismiss_not_contradiction", "not_contradiction", "not a contradiction"),
        ("dismiss_different_event", "different_event", "a different event"),
    ],
)
def test_app_dismiss_button_records_and_updates_message(
    running: Running, action_id: str, reason: str, shown: str
) -> None:
    message, finding_id = two_articles_with_a_finding(running)
    answer = running.post(block_action(action_id, str(finding_id), message, running.fake.response_url()))
    assert answer.status == 200
    (update,) = running.fake.wait_calls("chat.update")
    assert update.args["ts"] == message["ts"]
    assert update.args["text"] == message["text"]
    assert not [b for b in update.args["blocks"] if b["type"] == "actions"]
    assert shown in all_text(update)
    with running.store.session() as session:
        assert session.get(FindingRow, finding_id).dismissed
    assert running.store.recent_findings(TEAM_ID) == []
    (verdict,) = running.store.feedback(TEAM_ID)
    assert (verdict["finding_id"], verdict["verdict"], verdict["user_id"]) == (finding_id, reason, "U0USER01")


def newsbot_cli(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(command, capture_output=True, cwd=ROOT, timeout=120)


def test_app_correct_button_is_stored_and_exported(running: Running) -> None:
    message, finding_id = two_articles_with_a_finding(running)
    click = block_action("verdict_correct", str(finding_id), message, running.fake.response_url())
    assert running.post(click).status == 200
    (update,) = running.fake.wait_calls("chat.update")
    assert not [b for b in update.args["blocks"] if b["type"] == "actions"]
    assert "Marked correct by <@U0USER01>." in all_text(update)
    assert [r.id for r in running.store.recent_findings(TEAM_ID)] == [finding_id]  # still open: not dismissed
    db = running.settings.database_url
    exported = newsbot_cli("feedback", "export", "--workspace", TEAM_ID, "--db", db)
    assert exported.returncode == 0, exported.stderr
    (record,) = [json.loads(line) for line in exported.stdout.decode().splitlines()]
    assert {k: record[k] for k in ("workspace", "finding_id", "finding_type", "verdict", "user_id")} == {
        "workspace": TEAM_ID,
        "finding_id": finding_id,
        "finding_type": "numeric_discrepancy",
        "verdict": "correct",
        "user_id": "U0USER01",
    }
    assert record["confidence"] == 0.8 and record["finding"]["a"]["text"] == "7%" and record["at"]
    other = newsbot_cli("feedback", "export", "--workspace", "T0OTHER", "--db", db)
    assert other.returncode == 0 and other.stdout == b""


def test_app_home_lists_open_findings_and_digest(running: Running) -> None:
    _, finding_id = two_articles_with_a_finding(running)
    DigestBook(running.store).set_channel(TEAM_ID, "C0DIGEST", "09:00", "UTC")
    running.event({"type": "app_home_opened", "user": "U0USER01", "channel": "D0001", "tab": "home"}, "Ev07")
    (publish,) = running.fake.wait_calls("views.publish")
    assert publish.args["user_id"] == "U0USER01"
    view = publish.args["view"]
    assert view["type"] == "home"
    assert str(finding_id) in json.dumps(view)
    dumped = json.dumps(view, ensure_ascii=False)
    assert "<#C0DIGEST> — every day at 09:00 UTC; none posted yet" in dumped
    assert "*Talks resume* · 1 finding" in dumped  # grouped under its story (here: its article)
    assert dumped.index("*Talks resume*") < dumped.index(f"finding-{finding_id}-text")


def test_app_home_dismiss_republishes_home(running: Running) -> None:
    _, finding_id = two_articles_with_a_finding(running)
    payload = {
        "type": "block_actions",
        "view": {"type": "home", "id": "V1"},
        "container": {"type": "view", "view_id": "V1"},
        "actions": [{"type": "button", "action_id": "dismiss_not_contradiction", "value": str(finding_id)}],
        "trigger_id": "1.2.3",
    }
    running.post(interactive(payload))
    (publish,) = running.fake.wait_calls("views.publish")
    assert "No open findings in the last 7 days." in json.dumps(publish.args["view"])


def test_app_rate_limited_post_is_retried_after_retry_after(running: Running) -> None:
    running.fake.rate_limit["chat.postMessage"] = 1
    running.post(slash_command(ARTICLE, running.fake.response_url()))
    (post,) = verdicts(running.fake)
    assert post.args["channel"] == "C0NEWS01"
    assert running.fake.rate_limit["chat.postMessage"] == 0


def test_app_acked_work_waits_for_a_worker_and_is_answered_once(running: Running) -> None:
    running.stop_worker()  # the worker is down (restarting, or not deployed yet)
    answer = running.post(slash_command(ARTICLE, running.fake.response_url()))
    assert answer.status == 200 and "Analyzing" in answer.json()["text"]
    assert eventually(lambda: running.queue.pending(TEAM_ID) == 1)
    time.sleep(QUIET)
    assert running.fake.of("chat.postMessage") == []
    running.start_worker()
    (post,) = verdicts(running.fake)
    assert post.args["blocks"][0]["text"]["text"] == "Talks end without a deal"
    assert eventually(lambda: running.queue.pending() == 0)  # marked done after posting
    time.sleep(QUIET)
    assert len(running.fake.of("chat.postMessage")) == 2  # the verdict and its details, once
