"""Hostile and malformed requests over real HTTP (`newsbot serve`'s waitress server and WSGI app, a real
SQLite file, the fake Slack): every one answered with a short 4xx or an ack, nothing queued, no thread
held by a slow client."""

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
from handlers.wsgi import MAX_BODY_BYTES
from tests.handlers import test_app_http
from tests.handlers.fake_slack import (
    TEAM_ID,
    block_action,
    eventually,
    interactive,
    message_shortcut,
    post_signed,
    signature_headers,
    slash_command,
)
from tests.handlers.http_server import serving
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


def open_slow_clients(url: str, count: int) -> list[socket.socket]:
    """`count` connections that start a request and never finish it: half stop inside the headers, half
    inside the body."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    unfinished = [
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n",
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\ntoken=",
    ]
    slow = []
    for i in range(count):
        conn = socket.create_connection((host, port), timeout=5)
        conn.sendall(unfinished[i % 2])
        slow.append(conn)
    return slow


def closed_by_server(conn: socket.socket) -> bool:
    try:
        conn.settimeout(0.1)
        return conn.recv(100) == b""
    except TimeoutError:
        return False  # still open
    except OSError:
        return True  # reset


def test_slow_clients_hold_no_thread_and_do_not_delay_a_command(running: Running) -> None:
    """400 unfinished requests, under the connection limit: a real command is still acked at once."""
    before = threading.active_count()
    slow = open_slow_clients(running.url, 400)
    try:
        time.sleep(0.5)
        assert threading.active_count() <= before + 2  # waitress's threads are fixed; none per connection
        answer = running.post(slash_command(ARTICLE, running.fake.response_url()))
        assert answer.status == 200 and "Analyzing" in answer.body
        assert answer.seconds < 3  # Slack's deadline for an ack
        assert not any(closed_by_server(conn) for conn in slow[:20])  # they were not simply refused
        running.fake.wait_calls("chat.postMessage")
    finally:
        for conn in slow:
            conn.close()


def test_silent_connections_are_closed_and_free_their_slots(running: Running) -> None:
    """More unfinished requests than the connection limit: each is closed after `channel_timeout`
    seconds of silence, and a command sent meanwhile is answered once slots are free."""
    assert running.app is not None
    with serving(running.app, connection_limit=50, channel_timeout=1) as url:
        slow = open_slow_clients(url, 120)
        try:
            body = slash_command("search budget", running.fake.response_url())
            answer = post_signed(url, body, SECRET, timeout=10)  # waits in the backlog, then is served
            assert answer.status == 200
            assert eventually(lambda: all(closed_by_server(conn) for conn in slow[:50]), 10)
        finally:
            for conn in slow:
                conn.close()
    running.fake.wait_calls("response_url")


def test_oversized_body_gets_413_and_queues_nothing(running: Running) -> None:
    body = slash_command("x" * (MAX_BODY_BYTES + 1), running.fake.response_url())
    answer = running.post(body)
    assert answer.status == 413
    time.sleep(QUIET)
    assert nothing_queued(running)


@pytest.mark.parametrize("length", ["abc", "-5", "1e3"])
def test_bad_content_length_gets_400(running: Running, length: str) -> None:
    host, port = urlsplit(running.url).hostname, urlsplit(running.url).port
    with socket.create_connection((host, port), timeout=5) as conn:
        conn.sendall(f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n".encode())
        status = conn.recv(100).split(b"\r\n", 1)[0]
    assert status.startswith(b"HTTP/1.1 400"), status


def test_chunked_body_reaches_the_guard_whole(running: Running) -> None:
    """A body sent in chunks (no Content-Length) is checked and answered like any other."""
    body = slash_command("search budget", running.fake.response_url()).encode()
    headers = signature_headers(SECRET, body.decode())
    host, port = urlsplit(running.url).hostname, urlsplit(running.url).port
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:40], body[40:])) + b"0\r\n\r\n"
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    request = (
        "POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        f"Content-Type: {FORM}\r\n{head}Connection: close\r\n\r\n"
    ).encode() + chunks
    with socket.create_connection((host, port), timeout=5) as conn:
        conn.sendall(request)
        status = conn.recv(100).split(b"\r\n", 1)[0]
    assert status == b"HTTP/1.1 200 OK"
    running.fake.wait_calls("response_url")


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
