"""Hostile and malformed requests over real HTTP (`newsbot serve`'s server, a real SQLite file, the fake
Slack): every one answered with a short 4xx or an ack, nothing queued, no thread held for ever."""

from __future__ import annotations

import io
import json
import logging
import socket
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.logs import JsonFormatter
from handlers import serve
from tests.handlers import test_app_http
from tests.handlers.fake_slack import (
    TEAM_ID,
    block_action,
    interactive,
    message_shortcut,
    post_signed,
    slash_command,
)
from tests.handlers.test_app_http import ARTICLE, QUIET, SECRET, Running

running = test_app_http.running  # the app on a loopback port with a worker thread (same fixture)

pytestmark = pytest.mark.slow

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def nothing_queued(running: Running) -> bool:
    return running.queue.pending() == 0 and running.analyzer.calls == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("garbage{", JSON),
        ("[]", JSON),
        ("null", JSON),
        ('"text"', JSON),
        ("42", JSON),
        ('{"type": "no_such_type", "team_id": "T1"}', JSON),
        ('{"type": "event_callback", "event": {"type": "app_mention"}}', JSON),  # no team
        ('{"type": ["event_callback"]}', JSON),
        ('{"type": "event_callback", "team_id": "T1", "authorizations": "x"}', JSON),
        ("payload=garbage", FORM),
        ("payload=%5B1%2C2%5D", FORM),
        ("payload=null", FORM),
        ("text=hello", FORM),
        ("\x00\xff", FORM),
        ("", FORM),
    ],
)
def test_malformed_signed_body_gets_a_short_4xx_and_queues_nothing(
    running: Running, body: str, content_type: str
) -> None:
    answer = running.post(body, content_type)
    assert 400 <= answer.status < 500
    assert len(answer.body) < 100
    time.sleep(QUIET)
    assert nothing_queued(running)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Request-Timestamp": "not-a-number"},
        {"X-Slack-Request-Timestamp": "12.5"},
        {"X-Slack-Request-Timestamp": "-5"},
        {"X-Slack-Request-Timestamp": ""},
        {"X-Slack-Signature": ""},
        {"X-Slack-Signature": "v0=zz"},
    ],
)
def test_malformed_signature_headers_get_401(running: Running, headers: dict[str, str]) -> None:
    answer = running.post(slash_command(ARTICLE, running.fake.response_url()), headers=headers)
    assert answer.status == 401
    time.sleep(QUIET)
    assert nothing_queued(running)


def test_command_without_team_is_refused_and_never_uses_the_default_workspace(running: Running) -> None:
    body = slash_command(ARTICLE, running.fake.response_url()).replace(f"team_id={TEAM_ID}&", "")
    assert "team_id" not in body
    answer = running.post(body)
    assert answer.status == 400
    assert "workspace" in answer.body
    time.sleep(QUIET)
    assert nothing_queued(running)
    assert running.store.count_articles(running.settings.default_workspace) == 0


def test_replayed_slash_command_is_acked_and_answered_once(running: Running) -> None:
    body = slash_command(ARTICLE, running.fake.response_url())
    stamp = int(time.time())
    first = running.post(body, timestamp=stamp)
    replay = running.post(body, timestamp=stamp)
    assert (first.status, replay.status) == (200, 200)
    assert "Analyzing" in first.body and replay.body == ""
    running.fake.wait_calls("chat.postMessage")
    time.sleep(QUIET)
    assert len([c for c in running.fake.of("chat.postMessage") if "thread_ts" not in c.args]) == 1
    assert running.analyzer.calls == [ARTICLE]


def test_replayed_shortcut_is_answered_once(running: Running) -> None:
    body = message_shortcut(ARTICLE, "1700000400.000400", running.fake.response_url())
    stamp = int(time.time())
    assert [running.post(body, timestamp=stamp).status for _ in range(3)] == [200, 200, 200]
    running.fake.wait_calls("chat.postMessage")
    time.sleep(QUIET)
    assert running.analyzer.calls == [ARTICLE]  # analyzed (and answered) once, not three times


def test_the_same_command_signed_again_is_a_new_request(running: Running) -> None:
    """Only an identical signature and timestamp is a replay; a user may send the same text twice."""
    body = slash_command("search budget", running.fake.response_url())
    running.post(body, timestamp=int(time.time()) - 1)
    running.post(body, timestamp=int(time.time()))
    running.fake.wait_calls("response_url", count=2)


def test_refused_request_never_logs_the_verification_token(running: Running) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        body = slash_command(ARTICLE, running.fake.response_url()).replace(
            "token=legacy-unused", "token=verif-TOKEN-8841"
        )
        stale = post_signed(running.url, body, SECRET, timestamp=int(time.time()) - 600)
        wrong = post_signed(running.url, body, "not-the-secret")
        bad_shape = running.post("payload=%7Bnot-json&token=verif-TOKEN-8841")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    assert (stale.status, wrong.status, bad_shape.status) == (401, 401, 400)
    assert stream.getvalue()  # the refusals were logged
    assert "verif-TOKEN-8841" not in stream.getvalue()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["type", "team_id", "event", "team", "user"]), children, max_size=4),
    max_leaves=12,
)
form_fields = st.dictionaries(
    st.sampled_from(["command", "text", "team_id", "payload", "response_url", "user_id", "ssl_check", "z"]),
    st.text(max_size=30) | json_values.map(json.dumps),
    max_size=5,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_random_json_at_the_events_endpoint_never_gives_5xx(running: Running, value: object) -> None:
    answer = running.post(json.dumps(value), JSON, timeout=10)  # a dropped connection raises here
    assert answer.status < 500


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=form_fields)
def test_random_form_fields_at_the_events_endpoint_never_give_5xx(running: Running, fields: dict) -> None:
    answer = running.post(urlencode(fields), FORM, timeout=10)
    assert answer.status < 500


def test_interactive_payload_of_unknown_type_is_refused(running: Running) -> None:
    answer = running.post(interactive({"type": 7}))
    assert answer.status == 400


def test_slow_clients_cannot_hold_every_thread(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve.BoltHandler, "timeout", 1.0)
    host, port = urlsplit(running.url).hostname, urlsplit(running.url).port
    before = threading.active_count()
    slow = []
    for _ in range(400):
        conn = socket.create_connection((host, port), timeout=5)
        conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n")  # never finished
        slow.append(conn)
    time.sleep(0.5)
    assert threading.active_count() <= before + serve.MAX_CONNECTIONS + 2
    time.sleep(2.0)  # every slow client has timed out
    answer = running.post(slash_command("search budget", running.fake.response_url()))
    assert answer.status == 200
    assert threading.active_count() <= before + 3
    for conn in slow:
        conn.close()


@pytest.mark.parametrize("value", ["", "abc", "-1", "1e3", "９", "9" * 40])
def test_dismiss_button_with_a_bad_value_gets_a_one_line_answer(running: Running, value: str) -> None:
    message = {"type": "message", "ts": "1700000600.000601", "text": "x", "blocks": []}
    answer = running.post(
        block_action("dismiss_not_contradiction", value, message, running.fake.response_url())
    )
    assert answer.status == 200
    (reply,) = running.fake.wait_calls("response_url")
    assert reply.args["text"] == "That button does not name a finding newsbot knows; nothing was recorded."
    assert running.fake.of("chat.update") == []


def test_command_without_response_url_is_refused_at_the_door(running: Running) -> None:
    body = slash_command("search budget", "").replace("&response_url=", "&x=")
    answer = running.post(body)
    assert answer.status == 400 and "response_url" in answer.body
    time.sleep(QUIET)
    assert nothing_queued(running)
