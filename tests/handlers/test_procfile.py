"""The Procfile as a platform runs it, each line through a shell: `release:` migrates a fresh database,
`web:` (gunicorn on `handlers.wsgi:app`) acks a signed command and queues it, `worker:` answers it, and
gunicorn stops on SIGTERM within its graceful timeout."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.handlers.fake_slack import FakeSlack, eventually, post_signed, slash_command
from tests.ports import free_port

pytestmark = pytest.mark.slow

SECRET = "procfile-signing-secret"


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_procfile_names_release_web_worker_and_clock() -> None:
    entries = procfile()
    assert set(entries) == {"release", "web", "worker", "clock"}
    assert entries["release"] == "newsbot db upgrade"
    assert entries["web"].startswith("gunicorn handlers.wsgi:app ")
    assert (entries["worker"], entries["clock"]) == ("newsbot worker", "newsbot clock")


def shell(command: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """`command` as a platform starts a Procfile line (a shell; `exec` so signals reach it)."""
    with log.open("a") as err:
        return subprocess.Popen(["bash", "-c", f"exec {command}"], env=env, cwd=ROOT, stderr=err)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def env(fake: FakeSlack, tmp_path: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PORT": str(free_port()),
        "SLACK_BOT_TOKEN": "xoxb-procfile-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'newsbot.sqlite'}",
        "NEWSBOT_LOG_LEVEL": "INFO",
    }


def test_procfile_release_web_and_worker_answer_a_command(
    fake: FakeSlack, env: dict[str, str], tmp_path: Path
) -> None:
    entries, log = procfile(), tmp_path / "procfile.log"
    release = shell(entries["release"], env, log)
    assert release.wait(120) == 0, log.read_text()
    base = f"http://127.0.0.1:{env['PORT']}"
    web = shell(entries["web"], env, log)
    worker = None
    try:
        assert eventually(lambda: _answers(f"{base}/health"), 60), log.read_text()[-2000:]
        command = slash_command("search budget", fake.response_url())
        answer = post_signed(f"{base}/slack/events", command, SECRET)
        assert answer.status == 200 and "Searching" in answer.body
        assert post_signed(f"{base}/slack/events", command, "wrong-secret").status == 401
        waiting = lambda: get_json(f"{base}/health")[1].get("oldest_waiting_seconds") is not None  # noqa: E731
        assert eventually(waiting, 10)  # queued for the worker: web processes never analyze

        worker = shell(entries["worker"], env, log)
        (reply,) = fake.wait_calls("response_url", timeout=120)
        assert "budget" in reply.args["text"]
        assert get_json(f"{base}/health") == (200, {"status": "ok", "oldest_waiting_seconds": None})

        web.send_signal(signal.SIGTERM)
        started = time.monotonic()
        assert web.wait(30) == 0
        assert time.monotonic() - started < 20  # gunicorn's --graceful-timeout, under a platform's 30 s
    finally:
        stop(web)
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(30)
            stop(worker)


def _answers(url: str) -> bool:
    try:
        return get_json(url)[0] == 200
    except OSError:
        return False
