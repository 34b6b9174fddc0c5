"""`handlers.wsgi` (gunicorn's entry point) imports with only environment settings and serves WSGI."""

from __future__ import annotations

import importlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from wsgiref.util import setup_testing_defaults

import pytest

from bot.settings import get_settings
from tests.handlers.fake_slack import FakeSlack


@pytest.fixture
def wsgi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    fake = FakeSlack().start()
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-000-test-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "wsgi-test-secret")
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'newsbot.sqlite'}")
    get_settings.cache_clear()
    sys.modules.pop("handlers.wsgi", None)
    module = importlib.import_module("handlers.wsgi")
    try:
        yield module
    finally:
        sys.modules.pop("handlers.wsgi", None)
        get_settings.cache_clear()
        fake.stop()


def call(app, method: str, path: str, length: int = 0) -> str:
    environ: dict = {"REQUEST_METHOD": method, "PATH_INFO": path, "wsgi.input": io.BytesIO(b"")}
    setup_testing_defaults(environ)
    environ["CONTENT_LENGTH"] = str(length)
    statuses: list[str] = []
    b"".join(app(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    return statuses[0]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("POST", "/slack/events", "401"), ("GET", "/elsewhere", "404"), ("GET", "/health", "200")],
    ids=["unsigned-request-refused", "unknown-path", "health"],
)
def test_wsgi_exposes_a_wsgi_callable_app(wsgi: ModuleType, method: str, path: str, status: str) -> None:
    assert callable(wsgi.app)
    assert call(wsgi.app, method, path).startswith(status)


def test_wsgi_runs_no_scheduler(wsgi: ModuleType) -> None:
    """Digests are `newsbot clock`'s (the Procfile's `clock:`); no web process schedules anything."""
    import threading

    assert not hasattr(wsgi, "scheduler")
    assert not [t for t in threading.enumerate() if "APScheduler" in t.name]


def test_wsgi_refuses_an_oversized_body_itself(wsgi: ModuleType) -> None:
    """gunicorn has no body limit (waitress has its own): the app answers 413 without reading the body."""
    status = call(wsgi.app, "POST", "/slack/events", length=wsgi.MAX_BODY_BYTES + 1)
    assert status == "413 Request Entity Too Large"
