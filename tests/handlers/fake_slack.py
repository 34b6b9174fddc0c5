"""A fake Slack for end-to-end tests: a Web API server that records calls, request signing, payloads.

`FakeSlack` answers `auth.test`, `chat.postMessage`, `chat.update`, `chat.postEphemeral`,
`chat.getPermalink`, `views.publish`, `conversations.replies`, `users.info`, `oauth.v2.access` and
`response_url` posts on a loopback port, and records each call with the token it carried (its
`Authorization: Bearer` header). Workspaces installed through OAuth (`add_install`) get their own bot
tokens; `auth.test` answers for the workspace of the token, and a revoked token is refused on every
method. Tests sign requests with the HMAC v0 scheme Slack uses (`slack_sdk.signature.SignatureVerifier`
checks it).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from bot.settings import Settings

BOT_USER_ID = "UBOT0001"
TEAM_ID = "T0TEST01"
APP_ID = "A0TEST01"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "fake-client-secret"
REFRESHED_SECONDS = 43200  # how long a refreshed rotating token lives (Slack: 12 hours)


@dataclass
class Call:
    """One request the bot made to the fake: the API method (or `response_url`), its arguments, and the
    bearer token it carried (None without one; OAuth calls carry the app's client id and secret)."""

    method: str
    args: dict[str, Any]
    path: str = ""
    token: str | None = None


@dataclass
class Workspace:
    """A workspace that installs the app: `oauth.v2.access` with its code answers its bot token.
    With `expires_in` (seconds the first token lives), its tokens rotate: each refresh issues the next
    token, valid `REFRESHED_SECONDS` as on Slack, and the next refresh token."""

    team_id: str
    bot_token: str
    bot_user_id: str = BOT_USER_ID
    bot_id: str = "B0TEST01"
    team_name: str = "Newsroom"
    expires_in: int | None = None
    refresh_token: str | None = None
    refreshes: int = 0


@dataclass
class FakeSlack:
    """The fake Web API. `not_in_channel` channels refuse posts, `missing_channels` do not exist;
    `threads` holds thread parents."""

    not_in_channel: set[str] = field(default_factory=set)
    missing_channels: set[str] = field(default_factory=set)
    threads: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    rate_limit: dict[str, int] = field(default_factory=dict)  # method -> 429s to answer first
    calls: list[Call] = field(default_factory=list)
    # Digest tests (issue 14): see `_digest_answer`.
    user_tz: dict[str, str] = field(default_factory=dict)  # user id -> IANA zone of users.info
    rate_limited_channels: dict[str, int] = field(default_factory=dict)  # channel -> 429s to answer
    retry_after: str = "1"
    stalled_posts: int = 0  # chat.postMessage calls that hang until `stop()`, unanswered, not posted
    # OAuth (issue 15): codes Slack would hand an installer, the workspace of each issued token, and
    # tokens revoked (uninstalled workspaces).
    codes: dict[str, Workspace] = field(default_factory=dict)
    tokens: dict[str, Workspace] = field(default_factory=dict)
    revoked: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        handler = type("FakeSlackHandler", (_Handler,), {"fake": self})
        self.server = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._release = threading.Event()

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}/response/{name}"

    # --- recorded calls ----------------------------------------------------------------------

    def record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def of(self, *methods: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method in methods]

    def wait_for(self, predicate: Callable[[FakeSlack], bool], timeout: float = 15.0) -> bool:
        """Block until `predicate(self)` holds (re-checked after every recorded call) or time runs out."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def wait_calls(self, *methods: str, count: int = 1, timeout: float = 15.0) -> list[Call]:
        if not self.wait_for(lambda f: len(f.of(*methods)) >= count, timeout):
            raise AssertionError(f"expected {count} {methods} call(s), got {[c.method for c in self.calls]}")
        return self.of(*methods)

    # --- OAuth -------------------------------------------------------------------------------

    def add_install(self, code: str, workspace: Workspace) -> Workspace:
        """Slack will answer `code` (once) with `workspace`'s bot token."""
        with self._cond:
            self.codes[code] = workspace
        return workspace

    def revoke(self, team_id: str) -> None:
        """The workspace uninstalled the app: every token issued to it stops working."""
        with self._cond:
            self.revoked |= {token for token, ws in self.tokens.items() if ws.team_id == team_id}

    def tokens_used(self) -> set[str | None]:
        with self._cond:
            return {c.token for c in self.calls}

    def _oauth_answer(self, args: dict[str, Any], authorization: str) -> dict[str, Any]:
        """`oauth.v2.access`: the app's credentials (HTTP Basic), then a code or a refresh token."""
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if authorization != f"Basic {expected}":
            return {"ok": False, "error": "invalid_client_id"}
        with self._cond:
            if args.get("grant_type") == "refresh_token":
                return self._refresh(args.get("refresh_token", ""))
            workspace = self.codes.pop(args.get("code", ""), None)  # a code works once
            if workspace is None:
                return {"ok": False, "error": "invalid_code"}
            self.tokens[workspace.bot_token] = workspace
            return {
                "ok": True,
                "app_id": APP_ID,
                "authed_user": {"id": "U0ADMIN1"},
                "scope": "commands,chat:write,app_mentions:read",
                "token_type": "bot",
                "access_token": workspace.bot_token,
                "bot_user_id": workspace.bot_user_id,
                "team": {"id": workspace.team_id, "name": workspace.team_name},
                "enterprise": None,
                "is_enterprise_install": False,
                **self._rotation(workspace, workspace.expires_in),
            }

    def _rotation(self, workspace: Workspace, expires_in: int | None) -> dict[str, Any]:
        if expires_in is None:
            return {}
        workspace.refresh_token = f"xoxe-1-{workspace.team_id}-{workspace.refreshes}"
        return {"refresh_token": workspace.refresh_token, "expires_in": expires_in}

    def _refresh(self, refresh_token: str) -> dict[str, Any]:
        workspace = next((w for w in self.tokens.values() if w.refresh_token == refresh_token), None)
        if workspace is None or workspace.bot_token in self.revoked:
            return {"ok": False, "error": "invalid_refresh_token"}
        workspace.refreshes += 1
        workspace.bot_token = f"xoxe.xoxb-{workspace.team_id}-{workspace.refreshes}"
        self.tokens[workspace.bot_token] = workspace
        return {
            "ok": True,
            "token_type": "bot",
            "access_token": workspace.bot_token,
            "team": {"id": workspace.team_id},
            **self._rotation(workspace, REFRESHED_SECONDS),
        }

    # --- answers -----------------------------------------------------------------------------

    def answer(
        self, method: str, args: dict[str, Any], authorization: str = ""
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None
        if method == "oauth.v2.access":
            self.record(Call(method, args))
            return 200, {}, self._oauth_answer(args, authorization)
        if token in self.revoked:
            self.record(Call(method, args, token=token))
            return 200, {}, {"ok": False, "error": "token_revoked"}
        digest = self._digest_answer(method, args, token)
        if digest is not None:
            return digest
        if self.rate_limit.get(method, 0) > 0:
            self.rate_limit[method] -= 1
            return 429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}
        self.record(Call(method, args, token=token))
        if method == "auth.test":
            workspace = self.tokens.get(token or "")
            if workspace is not None:
                return 200, {}, {
                    "ok": True,
                    "user_id": workspace.bot_user_id,
                    "bot_id": workspace.bot_id,
                    "team_id": workspace.team_id,
                }
            return 200, {}, {"ok": True, "user_id": BOT_USER_ID, "bot_id": "B0TEST01", "team_id": TEAM_ID}
        if (
            method in ("chat.postMessage", "chat.postEphemeral")
            and args.get("channel") in self.not_in_channel
        ):
            return 200, {}, {"ok": False, "error": "not_in_channel"}
        if method.startswith("chat.") and args.get("channel") in self.missing_channels:
            return 200, {}, {"ok": False, "error": "channel_not_found"}
        if method == "chat.postMessage":
            return (
                200,
                {},
                {"ok": True, "channel": args.get("channel"), "ts": f"1700000000.{next(self._ts):06d}"},
            )
        if method == "chat.getPermalink":
            channel, ts = args.get("channel", ""), args.get("message_ts", "")
            link = f"https://newsroom.slack.com/archives/{channel}/p{ts.replace('.', '')}"
            return 200, {}, {"ok": True, "channel": channel, "permalink": link}
        if method == "conversations.replies":
            parent = self.threads.get((args.get("channel", ""), args.get("ts", "")))
            return 200, {}, {"ok": True, "messages": [parent] if parent else []}
        if method in ("chat.update", "chat.postEphemeral", "views.publish"):
            return 200, {}, {"ok": True, "channel": args.get("channel"), "ts": args.get("ts", "")}
        return 200, {}, {"ok": False, "error": "unknown_method"}


    # --- digest tests (issue 14) ----------------------------------------------------------------

    def _digest_answer(
        self, method: str, args: dict[str, Any], token: str | None = None
    ) -> tuple[int, dict[str, str], dict[str, Any]] | None:
        """`users.info` with `user_tz`; a 429 for a channel in `rate_limited_channels` (recorded as
        `chat.postMessage:429`); a post that never returns while `stalled_posts` lasts (recorded as
        `chat.postMessage:stalled`: the poster dies waiting, and Slack never posted it)."""
        if method == "users.info":
            self.record(Call(method, args, token=token))
            user = args.get("user", "")
            tz = self.user_tz.get(user)
            return 200, {}, {"ok": True, "user": {"id": user, **({"tz": tz} if tz else {})}}
        if method != "chat.postMessage":
            return None
        channel = args.get("channel", "")
        if self.rate_limited_channels.get(channel, 0) > 0:
            self.rate_limited_channels[channel] -= 1
            self.record(Call(f"{method}:429", args, token=token))
            return 429, {"Retry-After": self.retry_after}, {"ok": False, "error": "ratelimited"}
        if self.stalled_posts > 0:
            self.stalled_posts -= 1
            self.record(Call(f"{method}:stalled", args, token=token))
            self._release.wait()
            return 500, {}, {"ok": False, "error": "fatal_error"}
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSlack

    def do_POST(self) -> None:  # noqa: N802
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        if self.headers.get("Content-Type", "").startswith("application/json"):
            args = json.loads(raw or "{}")
        else:
            args = {k: v[0] for k, v in parse_qs(raw).items()}
        path = urlsplit(self.path).path
        if path.startswith("/response/"):
            self.fake.record(Call("response_url", args, path=path))
            self._reply(200, {}, b"ok", "text/plain")
            return
        for key in ("blocks", "view"):  # form-encoded JSON fields
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        status, headers, data = self.fake.answer(
            path.removeprefix("/api/"), args, self.headers.get("Authorization", "")
        )
        self._reply(status, headers, json.dumps(data).encode("utf-8"), "application/json")

    def _reply(self, status: int, headers: dict[str, str], body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a stalled caller was killed
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


# --- signing and posting -------------------------------------------------------------------------


def signature_headers(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Answer:
    status: int
    body: str
    seconds: float

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}


def post_signed(
    url: str,
    body: str,
    secret: str,
    *,
    content_type: str = "application/x-www-form-urlencoded",
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> Answer:
    """POST a signed request to the app; returns status, body and the round-trip time."""
    all_headers = {
        "Content-Type": content_type,
        **signature_headers(secret, body, timestamp),
        **(headers or {}),
    }
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers=all_headers, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.read().decode("utf-8"), time.perf_counter() - started)
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.read().decode("utf-8"), time.perf_counter() - started)


# --- payloads as Slack sends them ----------------------------------------------------------------


def slash_command(
    text: str, response_url: str, channel: str = "C0NEWS01", user: str = "U0USER01", team: str = TEAM_ID
) -> str:
    return urlencode(
        {
            "token": "legacy-unused",
            "team_id": team,
            "team_domain": "newsroom",
            "channel_id": channel,
            "channel_name": "news",
            "user_id": user,
            "user_name": "reporter",
            "command": "/newsbot",
            "text": text,
            "api_app_id": "A0TEST01",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def event_callback(event: dict[str, Any], event_id: str = "Ev0001", team: str = TEAM_ID) -> str:
    return json.dumps(
        {
            "token": "legacy-unused",
            "team_id": team,
            "api_app_id": "A0TEST01",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": BOT_USER_ID, "is_bot": True}],
            "event": event,
        }
    )


def mention_event(
    text: str, ts: str, channel: str = "C0NEWS01", thread_ts: str | None = None
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": "U0USER01",
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def interactive(payload: dict[str, Any]) -> str:
    """Interactive payloads arrive form-encoded as `payload=<json>`."""
    base = {"team": {"id": TEAM_ID, "domain": "newsroom"}, "user": {"id": "U0USER01", "team_id": TEAM_ID}}
    return urlencode({"payload": json.dumps({**base, **payload})})


def message_shortcut(text: str, ts: str, response_url: str, channel: str = "C0NEWS01") -> str:
    return interactive(
        {
            "type": "message_action",
            "callback_id": "analyze_message",
            "trigger_id": "1.2.3",
            "action_ts": ts,
            "channel": {"id": channel, "name": "news"},
            "message": {"type": "message", "user": "U0OTHER1", "text": text, "ts": ts},
            "response_url": response_url,
        }
    )


def block_action(
    action_id: str, value: str, message: dict[str, Any], response_url: str, channel: str = "C0NEWS01"
) -> str:
    return interactive(
        {
            "type": "block_actions",
            "api_app_id": "A0TEST01",
            "trigger_id": "1.2.3",
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel},
            "channel": {"id": channel, "name": "news"},
            "message": message,
            "response_url": response_url,
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": f"finding-{value}-actions",
                    "value": value,
                    "action_ts": "1700000000.1",
                }
            ],
        }
    )


def eventually(predicate: Callable[[], bool], timeout: float = 10.0, every: float = 0.02) -> bool:
    """Poll `predicate` until it holds or `timeout` passes (for state outside the fake, such as jobs)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            return False
        time.sleep(every)
    return True


def settings_for(fake: FakeSlack, database: Path | str, secret: str = "test-signing-secret") -> Settings:
    """Settings of an app whose Web API is `fake` and whose data is in `database`: a SQLite file's path,
    or a database URL (the `database_url` fixture's)."""
    return Settings(
        SLACK_BOT_TOKEN="xoxb-000-test-token",
        SLACK_SIGNING_SECRET=secret,
        SLACK_API_URL=fake.api_url,
        DATABASE_URL=database if isinstance(database, str) else f"sqlite:///{database}",
    )
