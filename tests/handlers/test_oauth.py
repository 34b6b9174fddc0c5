"""Installing to many workspaces, end to end over real HTTP: the browser's way through `/slack/install`
and `/slack/oauth_redirect`, signed Slack requests from two workspaces, a worker thread answering their
jobs, digests posted without a request, and a fake Slack that issues one bot token per workspace and
records the token of every call. On SQLite and on PostgreSQL."""

from __future__ import annotations

import html
import logging
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from bot.settings import Settings
from bot.store import Store
from bot.store.digests import DigestBook, utcnow
from bot.store.jobs import JobQueue
from bot.store.schema import ArticleRow, FindingRow
from handlers.app import build_app
from handlers.clock import digest_client
from handlers.deps import Deps
from handlers.digest import DigestPoster
from handlers.enqueue import JobSubmitter
from handlers.install import installation_store
from handlers.tokens import NotInstalled, client_for
from handlers.wsgi import wsgi_app
from tests.handlers.fake_analyzer import FakeAnalyzer
from tests.handlers.fake_slack import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeSlack,
    Workspace,
    event_callback,
    eventually,
    post_signed,
    slash_command,
)
from tests.handlers.http_server import serving
from tests.handlers.worker_thread import worker_thread
from tests.ports import free_port

pytestmark = pytest.mark.slow

SECRET = "oauth-test-signing-secret"
REDIRECT = "https://newsbot.example/slack/oauth_redirect"
TEAM_A, TEAM_B = "T0AAAAAA", "T0BBBBBB"
CHANNEL = {TEAM_A: "C0AAAA01", TEAM_B: "C0BBBB01"}
ARTICLE = "Talks end without a deal\nOfficials said 5% of the region is still contested after the talks."
LATER = "Talks resume\nOfficials now say 7% of the region is contested, a higher figure than before."
QUIET = 0.5  # seconds to wait for a call that must NOT come


def oauth_settings(fake: FakeSlack, db_url: str, **changes: Any) -> Settings:
    return Settings(
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake.api_url,
        SLACK_REDIRECT_URI=REDIRECT,
        DATABASE_URL=db_url,
        **changes,
    )


# --- a browser -------------------------------------------------------------------------------------


@dataclass
class Page:
    status: int
    headers: Any
    body: str


def get(url: str, headers: dict[str, str] | None = None) -> Page:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Page(response.status, response.headers, response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        return Page(exc.code, exc.headers, exc.read().decode("utf-8"))


@dataclass
class Started:
    """What `/slack/install` gave the browser: the state in Slack's consent link, and its cookie."""

    state: str
    cookie: str
    authorize_url: str


def start_install(base: str) -> Started:
    page = get(f"{base}/slack/install")
    assert page.status == 200, page.body
    link = html.unescape(re.search(r'<a href="([^"]+)"', page.body).group(1))  # Add to Slack
    cookie = page.headers["Set-Cookie"].split(";")[0]
    return Started(parse_qs(urlsplit(link).query)["state"][0], cookie, link)


def come_back(base: str, query: dict[str, str], cookie: str | None) -> Page:
    """Slack sends the installer back to the redirect URL (with the browser's cookie)."""
    headers = {"Cookie": cookie} if cookie else {}
    return get(f"{base}/slack/oauth_redirect?{urlencode(query)}", headers)


def install(base: str, code: str) -> Page:
    started = start_install(base)
    return come_back(base, {"code": code, "state": started.state}, started.cookie)


# --- the app -------------------------------------------------------------------------------------


@dataclass
class App:
    base: str
    fake: FakeSlack
    store: Store
    settings: Settings
    queue: JobQueue
    wake: threading.Event = field(default_factory=threading.Event)

    def post(self, body: str, content_type: str = "application/x-www-form-urlencoded"):
        return post_signed(f"{self.base}/slack/events", body, SECRET, content_type=content_type)

    def command(self, team: str, text: str, response: str):
        body = slash_command(text, self.fake.response_url(response), CHANNEL[team], team=team)
        return self.post(body)

    def event(self, team: str, event: dict[str, Any], event_id: str):
        return self.post(event_callback(event, event_id, team=team), "application/json")

    def bot(self, team: str):
        return installation_store(self.settings, self.store.engine).find_bot(enterprise_id=None, team_id=team)

    def articles(self, team: str) -> int:
        with self.store.session() as session:
            return session.scalar(select(func.count(ArticleRow.id)).where(ArticleRow.workspace == team))

    def findings(self) -> dict[str, int]:
        with self.store.session() as session:
            query = select(FindingRow.workspace, func.count()).group_by(FindingRow.workspace)
            return {workspace: count for workspace, count in session.execute(query)}

    def poster(self) -> DigestPoster:
        """The clock's poster as `newsbot clock` builds it (`start_clock`), posting even empty digests."""
        settings = self.settings.model_copy(update={"digest_post_when_empty": True})
        return DigestPoster(settings, self.store, partial(digest_client, settings, engine=self.store.engine))


@pytest.fixture
def start(db_url: str) -> Iterator[Callable[..., App]]:
    """Start the app (`newsbot serve`'s HTTP server, OAuth mode) and a worker thread, with settings."""
    running: list[Callable[[], None]] = []

    def run(**changes: Any) -> App:
        fake = FakeSlack().start()
        settings = oauth_settings(fake, db_url, **changes)
        store = Store.open(settings.database_url)
        queue = JobQueue(store)
        submitter = JobSubmitter(queue)
        bolt = build_app(settings, Deps(settings, store, submitter))
        serving_app = serving(wsgi_app(settings, bolt, queue))
        events_url = serving_app.__enter__()
        host, port = urlsplit(events_url).netloc.split(":")
        app = App(f"http://{host}:{port}", fake, store, settings, queue)
        submitter.on_queued = app.wake.set
        worker = worker_thread(settings, FakeAnalyzer(store), queue, app.wake)
        worker.__enter__()

        def stop() -> None:
            worker.__exit__(None, None, None)
            submitter.close()
            serving_app.__exit__(None, None, None)
            fake.stop()
            store.close()

        running.append(stop)
        return app

    yield run
    for stop in running:
        stop()


def two_installed(app: App) -> None:
    for team, token in ((TEAM_A, "xoxb-aaaa-1"), (TEAM_B, "xoxb-bbbb-1")):
        app.fake.add_install(f"code-{team}", Workspace(team, token, bot_user_id=f"UBOT{team[-4:]}"))
        page = install(app.base, f"code-{team}")
        assert page.status == 200 and "Thank you!" in page.body, page.body


def posts_in(fake: FakeSlack, team: str) -> list:
    return [c for c in fake.of("chat.postMessage") if c.args.get("channel") == CHANNEL[team]]


def answered(app: App, team: str, count: int = 1) -> list:
    assert app.fake.wait_for(lambda f: len(posts_in(f, team)) >= count), [c.method for c in app.fake.calls]
    return posts_in(app.fake, team)


# --- tests -----------------------------------------------------------------------------------------


def test_oauth_two_workspaces_installed_each_answered_with_its_own_token(start) -> None:
    app = start()
    started = start_install(app.base)
    consent = parse_qs(urlsplit(started.authorize_url).query)
    assert consent["client_id"] == [CLIENT_ID] and consent["redirect_uri"] == [REDIRECT]
    assert consent["scope"] == [app.settings.slack_scopes]

    two_installed(app)
    assert (app.bot(TEAM_A).bot_token, app.bot(TEAM_B).bot_token) == ("xoxb-aaaa-1", "xoxb-bbbb-1")
    exchanges = app.fake.of("oauth.v2.access")
    assert sorted(c.args["code"] for c in exchanges) == [f"code-{TEAM_A}", f"code-{TEAM_B}"]
    assert all(c.args["redirect_uri"] == REDIRECT for c in exchanges)

    assert app.command(TEAM_A, ARTICLE, "ra").status == 200
    assert app.command(TEAM_B, ARTICLE, "rb").status == 200
    answered(app, TEAM_A, 2)  # the verdict, and the details in its thread
    answered(app, TEAM_B, 2)
    assert {c.token for c in posts_in(app.fake, TEAM_A)} == {"xoxb-aaaa-1"}
    assert {c.token for c in posts_in(app.fake, TEAM_B)} == {"xoxb-bbbb-1"}
    assert (app.articles(TEAM_A), app.articles(TEAM_B)) == (1, 1)  # the same article, once in each
    # Each ack was authorized with its workspace's token: auth.test once per token at install (Bolt
    # learns the bot id) and once at its first request; later requests use the remembered answer.
    assert app.command(TEAM_A, LATER, "ra2").status == 200
    answered(app, TEAM_A, 4)
    assert sorted(c.token for c in app.fake.of("auth.test")) == ["xoxb-aaaa-1"] * 2 + ["xoxb-bbbb-1"] * 2
    # Work the web process does itself (the Home tab) acts with the request's workspace token as well.
    home = {"type": "app_home_opened", "user": "U0USER01", "channel": "D1", "tab": "home"}
    assert app.event(TEAM_B, home, "Ev-home").status == 200
    (published,) = app.fake.wait_calls("views.publish")
    assert published.token == "xoxb-bbbb-1"


def test_oauth_digest_for_a_workspace_is_posted_with_its_token(start) -> None:
    app = start()
    two_installed(app)
    now = utcnow()
    slot = (now - timedelta(minutes=1)).strftime("%H:%M")
    book = DigestBook(app.store)
    for team in (TEAM_A, TEAM_B):
        book.set_channel(team, CHANNEL[team], slot, "UTC", now=now - timedelta(hours=2))
    poster = app.poster()
    assert poster.fire(book.channel(TEAM_B, CHANNEL[TEAM_B])) == "posted"
    (post,) = posts_in(app.fake, TEAM_B)
    assert post.token == "xoxb-bbbb-1" and posts_in(app.fake, TEAM_A) == []


def test_oauth_uninstall_removes_the_token_and_later_commands_get_no_token(start, caplog) -> None:
    app = start()
    two_installed(app)
    assert app.command(TEAM_A, ARTICLE, "ra").status == 200
    answered(app, TEAM_A, 2)
    # The job's last call: the reply's permalink, stored for later findings. Then the job is done.
    assert app.fake.wait_for(lambda f: any(c.token == "xoxb-aaaa-1" for c in f.of("chat.getPermalink")))

    app.fake.revoke(TEAM_A)  # Slack revokes the tokens, then tells the app
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTAAAA"]}}
    assert app.event(TEAM_A, revoked, "Ev-r").status == 200
    assert app.event(TEAM_A, {"type": "app_uninstalled"}, "Ev-u").status == 200
    installations = installation_store(app.settings, app.store.engine)
    # tokens_revoked deletes the bot token, app_uninstalled the whole installation (each in the background)
    assert eventually(
        lambda: app.bot(TEAM_A) is None
        and installations.find_installation(enterprise_id=None, team_id=TEAM_A) is None
    )
    assert app.bot(TEAM_B).bot_token == "xoxb-bbbb-1"

    seen = len(app.fake.calls)
    with caplog.at_level(logging.INFO):
        ack = app.command(TEAM_A, LATER, "ra2")
        assert app.fake.wait_for(lambda f: any(c.path.endswith("/ra2") for c in f.of("response_url")))
    (note,) = [c for c in app.fake.of("response_url") if c.path.endswith("/ra2")]
    assert ack.status == 200 and ack.body == ""
    assert "not installed in this workspace" in note.args["text"]
    assert "https://newsbot.example/slack/install" in note.args["text"]
    assert "not installed in; not run" in caplog.text
    assert not eventually(lambda: len(app.fake.calls) > seen + 1, QUIET)
    assert [c.method for c in app.fake.calls[seen:]] == ["response_url"]  # no token, no other call
    assert app.queue.pending(TEAM_A) == 0  # nothing queued for the worker

    assert app.command(TEAM_B, ARTICLE, "rb").status == 200
    assert {c.token for c in answered(app, TEAM_B, 2)} == {"xoxb-bbbb-1"}
    assert app.articles(TEAM_A) == 1  # NEWSBOT_UNINSTALL_DATA=keep (the default)

    book = DigestBook(app.store)
    now = utcnow()
    book.set_channel(TEAM_A, CHANNEL[TEAM_A], (now - timedelta(minutes=1)).strftime("%H:%M"), "UTC",
                     now=now - timedelta(hours=2))
    assert app.poster().fire(book.channel(TEAM_A, CHANNEL[TEAM_A])) == "failed"
    assert book.latest(TEAM_A, CHANNEL[TEAM_A]).last_error == "not_installed"
    assert "xoxb-aaaa-1" not in {c.token for c in app.fake.calls[seen:]}
    with pytest.raises(NotInstalled):
        client_for(app.settings, TEAM_A, engine=app.store.engine)


def test_oauth_uninstall_with_delete_setting_deletes_only_that_workspace_data(start) -> None:
    app = start(uninstall_data="delete")
    two_installed(app)
    for team in (TEAM_A, TEAM_B):
        for n, text in enumerate((ARTICLE, LATER)):
            assert app.command(team, text, f"r{team}{n}").status == 200
            answered(app, team, 2 * (n + 1))
    assert app.findings() == {TEAM_A: 1, TEAM_B: 1}  # 5% vs 7% in each workspace

    assert app.event(TEAM_A, {"type": "app_uninstalled"}, "Ev-u").status == 200
    assert eventually(lambda: app.articles(TEAM_A) == 0)
    assert app.bot(TEAM_A) is None
    assert app.findings() == {TEAM_B: 1} and app.articles(TEAM_B) == 2 and app.bot(TEAM_B) is not None


def test_oauth_invalid_or_reused_state_is_refused_with_a_clear_page(start) -> None:
    app = start()
    app.fake.add_install("code-a", Workspace(TEAM_A, "xoxb-aaaa-1"))

    forged = come_back(app.base, {"code": "code-a", "state": "made-up"}, "slack-app-oauth-state=made-up")
    assert forged.status == 401 and "expired or was already used" in forged.body
    assert "Start the installation again" in forged.body

    started = start_install(app.base)
    elsewhere = come_back(app.base, {"code": "code-a", "state": started.state}, None)
    assert elsewhere.status == 400 and "another browser" in elsewhere.body

    first = come_back(app.base, {"code": "code-a", "state": started.state}, started.cookie)
    assert first.status == 200 and "Thank you!" in first.body
    again = come_back(app.base, {"code": "code-a", "state": started.state}, started.cookie)
    assert again.status == 401 and "expired or was already used" in again.body

    cancelled = come_back(app.base, {"error": "access_denied", "state": start_install(app.base).state}, None)
    assert "cancelled" in cancelled.body and "was not installed" in cancelled.body

    assert len(app.fake.of("oauth.v2.access")) == 1  # only the valid state reached Slack
    assert app.bot(TEAM_A).bot_token == "xoxb-aaaa-1"


def test_oauth_rotating_tokens_are_refreshed_and_saved_by_requests_and_by_work_without_one(start) -> None:
    app = start()
    for team in (TEAM_A, TEAM_B):  # first tokens expire in a minute: inside the 120-minute margin
        app.fake.add_install(f"code-{team}", Workspace(team, f"xoxe.xoxb-{team}-0", expires_in=60))
        assert install(app.base, f"code-{team}").status == 200
    assert app.bot(TEAM_A).bot_refresh_token == f"xoxe-1-{TEAM_A}-0"

    # Work no request triggers (a digest, a job queued earlier): refreshed, saved, used.
    client = client_for(app.settings, TEAM_B, engine=app.store.engine)
    assert client.token == f"xoxe.xoxb-{TEAM_B}-1"
    saved = app.bot(TEAM_B)
    assert (saved.bot_token, saved.bot_refresh_token) == (client.token, f"xoxe-1-{TEAM_B}-1")
    assert client_for(app.settings, TEAM_B, engine=app.store.engine).token == client.token  # fresh now
    refreshes = [c for c in app.fake.of("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]
    assert [c.args["refresh_token"] for c in refreshes] == [f"xoxe-1-{TEAM_B}-0"]

    # A request from A: Bolt refreshes at the ack (through SLACK_API_URL), the worker answers with it.
    assert app.command(TEAM_A, ARTICLE, "ra").status == 200
    assert {c.token for c in answered(app, TEAM_A, 2)} == {f"xoxe.xoxb-{TEAM_A}-1"}
    assert app.bot(TEAM_A).bot_token == f"xoxe.xoxb-{TEAM_A}-1"
    assert app.command(TEAM_B, LATER, "rb").status == 200
    assert {c.token for c in answered(app, TEAM_B, 2)} == {f"xoxe.xoxb-{TEAM_B}-1"}
    refreshes = [c for c in app.fake.of("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]
    assert len(refreshes) == 2  # once per workspace


def test_oauth_install_and_commands_through_gunicorn(db_url: str, tmp_path: Path) -> None:
    """Production HTTP (`gunicorn handlers.wsgi:app`) serves the install pages too."""
    fake = FakeSlack().start()
    port = free_port()
    settings = oauth_settings(fake, db_url)
    env = {
        **os.environ,
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "SLACK_REDIRECT_URI": REDIRECT,
        "DATABASE_URL": db_url,
    }
    env.pop("SLACK_BOT_TOKEN", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(gunicorn), "handlers.wsgi:app", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    store = Store.open(db_url)
    try:
        assert eventually(lambda: _up(base), 60), log.read_text()
        fake.add_install("code-b", Workspace(TEAM_B, "xoxb-bbbb-1"))
        page = install(base, "code-b")
        assert page.status == 200 and "Thank you!" in page.body, page.body
        assert installation_store(settings, store.engine).find_bot(
            enterprise_id=None, team_id=TEAM_B
        ).bot_token == "xoxb-bbbb-1"
        forged = come_back(base, {"code": "x", "state": "made-up"}, "slack-app-oauth-state=made-up")
        assert forged.status == 401 and "expired or was already used" in forged.body

        body = slash_command(ARTICLE, fake.response_url("rb"), CHANNEL[TEAM_B], team=TEAM_B)
        assert post_signed(f"{base}/slack/events", body, SECRET).status == 200
        assert fake.wait_for(lambda f: any(c.token == "xoxb-bbbb-1" for c in f.of("auth.test")))
        queued = JobQueue(store)
        assert eventually(lambda: queued.pending(TEAM_B) == 1)  # acked and queued for `newsbot worker`
    finally:
        process.terminate()
        process.wait(30)
        store.close()
        fake.stop()


def _up(base: str) -> bool:
    try:
        return get(f"{base}/health").status == 200
    except OSError:
        return False
