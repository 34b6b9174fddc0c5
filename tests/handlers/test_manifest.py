"""Every command, event and shortcut the manifests declare has a listener, the two manifests agree, and
the OAuth settings (redirect URL, scopes) match what the app serves and asks for."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest

from bot.settings import Settings
from bot.store import Store
from bot.store.jobs import Job, JobQueue
from handlers.app import build_app
from handlers.deps import Deps
from handlers.enqueue import JobSubmitter
from handlers.install import REDIRECT_PATH
from tests.handlers.fake_slack import (
    FakeSlack,
    event_callback,
    interactive,
    settings_for,
    signature_headers,
    slash_command,
)

CONFIG = Path(__file__).resolve().parents[2] / "config"
SECRET = "manifest-test-secret"
MANIFESTS = {name: json.loads((CONFIG / f"manifest.{name}.json").read_text()) for name in ("http", "socket")}

EVENT_SAMPLES = {
    "app_mention": {"type": "app_mention", "user": "U1", "text": "hi", "ts": "1.1", "channel": "C1"},
    "app_home_opened": {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"},
    "app_uninstalled": {"type": "app_uninstalled"},
    "tokens_revoked": {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT0001"]}},
}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def deps(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deps]:
    db = tmp_path_factory.mktemp("manifest") / "newsbot.sqlite"
    settings = settings_for(fake, db, SECRET)
    store = Store.open(settings.database_url)
    submitter = JobSubmitter(JobQueue(store))
    yield Deps(settings, store, submitter)
    submitter.close()
    store.close()


@pytest.fixture(scope="module")
def app(deps: Deps) -> App:
    return build_app(deps.settings, deps)


def queued_job(queue: JobQueue, timeout: float = 10.0) -> Job | None:
    """The next job the app queued (taken, so that the next test starts with an empty queue)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (job := queue.take("manifest-test")) is not None:
            queue.finish(job.id)
            return job
        time.sleep(0.05)
    return None


def dispatch(app: App, body: str, content_type: str) -> int:
    headers = {
        "content-type": [content_type],
        **{k.lower(): [v] for k, v in signature_headers(SECRET, body).items()},
    }
    return app.dispatch(BoltRequest(body=body, headers=headers)).status


def declared(kind: str) -> list[tuple[str, str]]:
    manifest = MANIFESTS["http"]
    if kind == "command":
        return [("command", c["command"]) for c in manifest["features"]["slash_commands"]]
    if kind == "shortcut":
        return [("shortcut", s["callback_id"]) for s in manifest["features"]["shortcuts"]]
    return [("event", e) for e in manifest["settings"]["event_subscriptions"]["bot_events"]]


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "name"), declared("command") + declared("shortcut") + declared("event"))
def test_manifest_entry_has_a_listener(app: App, deps: Deps, fake: FakeSlack, kind: str, name: str) -> None:
    if kind == "command":
        body = slash_command("help", fake.response_url()).replace("%2Fnewsbot", name.replace("/", "%2F"))
        status = dispatch(app, body, "application/x-www-form-urlencoded")
    elif kind == "shortcut":
        payload = {
            "type": "message_action",
            "callback_id": name,
            "channel": {"id": "C1"},
            "message": {"ts": "1.1"},
        }
        status = dispatch(app, interactive(payload), "application/x-www-form-urlencoded")
        job = queued_job(deps.submitter.queue)
        assert job is not None and job.kind == "shortcut"
    else:
        status = dispatch(app, event_callback(EVENT_SAMPLES[name], event_id=f"Ev-{name}"), "application/json")
        if name == "app_mention":
            job = queued_job(deps.submitter.queue)
            assert job is not None and job.kind == "mention"
    assert status == 200  # Bolt answers 404 to a request no listener matched


def test_manifest_events_have_samples_and_no_message_events() -> None:
    events = {name for _, name in declared("event")}
    assert events == set(EVENT_SAMPLES)
    assert not any(e.startswith("message") for e in events)


@pytest.mark.parametrize("path", ["features", "oauth_config"])
def test_manifest_http_and_socket_agree(path: str) -> None:
    """Apart from URLs: the OAuth install needs HTTP, so only the HTTP manifest has a redirect URL."""
    http, socket = dict(MANIFESTS["http"][path]), MANIFESTS["socket"][path]
    for command in http.get("slash_commands", []):
        command.pop("url", None)
    http.pop("redirect_urls", None)
    assert http == socket


def test_manifest_oauth_redirect_is_the_path_the_app_serves_and_scopes_are_the_default() -> None:
    http, socket = MANIFESTS["http"], MANIFESTS["socket"]
    (redirect,) = http["oauth_config"]["redirect_urls"]
    assert redirect == "https://YOUR-HOST" + REDIRECT_PATH
    assert "redirect_urls" not in socket["oauth_config"]
    assert Settings().slack_scopes.split(",") == http["oauth_config"]["scopes"]["bot"]
    assert http["oauth_config"]["scopes"].get("user", []) == []  # newsbot acts as its bot only
    events = [m["settings"]["event_subscriptions"]["bot_events"] for m in (http, socket)]
    assert events[0] == events[1] and {"app_uninstalled", "tokens_revoked"} <= set(events[0])


@pytest.mark.parametrize(("name", "socket_mode"), [("http", False), ("socket", True)])
def test_manifest_transport_settings(name: str, socket_mode: bool) -> None:
    settings = MANIFESTS[name]["settings"]
    assert settings["socket_mode_enabled"] is socket_mode
    assert settings["interactivity"]["is_enabled"] is True
    urls = [settings["event_subscriptions"].get("request_url"), settings["interactivity"].get("request_url")]
    assert all(u and u.endswith("/slack/events") for u in urls) if not socket_mode else urls == [None, None]
