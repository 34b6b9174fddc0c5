"""`newsbot serve` as users run it: a real process with its worker process and the real model.

A signed command gets its answer from the worker process; a worker killed in the middle of a job is
restarted and the job it held runs again; SIGTERM stops both processes cleanly.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.jobs import JobQueue
from handlers.worker import worker_name
from tests.conftest import SEEDS
from tests.handlers.fake_slack import TEAM_ID, FakeSlack, eventually, post_signed, slash_command
from tests.ports import free_port

pytestmark = pytest.mark.slow

SECRET = "serve-process-secret"
ARTICLE = (SEEDS / "002_346c2929ae381fe9.txt").read_text(encoding="utf-8")
TITLE = "The US will resume providing security assistance"


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    fake: FakeSlack
    log: Path
    database_url: str

    def worker_pids(self) -> list[int]:
        """Pids of the worker processes started so far, from the JSON log."""
        pids = []
        for line in self.log.read_text(encoding="utf-8").splitlines():
            if line.startswith("{") and json.loads(line).get("msg") == "worker process started":
                pids.append(json.loads(line)["pid"])
        return pids

    def wait_workers(self, count: int, timeout: float = 120) -> list[int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(pids := self.worker_pids()) >= count:
                return pids
            time.sleep(0.2)
        raise AssertionError(f"expected {count} worker starts; log:\n{self.log.read_text()[-2000:]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    fake = FakeSlack().start()
    port = free_port()
    log = tmp_path / "serve.log"
    database_url = f"sqlite:///{tmp_path / 'newsbot.sqlite'}"
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-serve-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": database_url,
        "NEWSBOT_LOG_LEVEL": "INFO",
    }
    newsbot = Path(sys.executable).with_name("newsbot")
    with log.open("w") as err:
        process = subprocess.Popen([str(newsbot), "serve", "--port", str(port)], env=env, stderr=err)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:  # serve listens once its worker has loaded the model
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                    break
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.2)
        yield Served(process, f"http://127.0.0.1:{port}/slack/events", fake, log, database_url)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        fake.stop()


def test_serve_answers_through_its_worker_and_restarts_a_dead_one(served: Served) -> None:
    with urllib.request.urlopen(served.url.replace("/slack/events", "/health"), timeout=5) as reply:
        assert json.load(reply) == {"status": "ok", "oldest_waiting_seconds": None}
    answer = post_signed(served.url, slash_command(ARTICLE, served.fake.response_url("first")), SECRET)
    assert answer.status == 200 and answer.seconds < 3
    (post, *_) = served.fake.wait_calls("chat.postMessage", timeout=120)  # the verdict; details may follow
    assert post.args["blocks"][0]["text"]["text"].startswith(TITLE)

    # The worker dies while it holds a job: freeze it, give it a job, kill it.
    (first_worker,) = served.wait_workers(1)
    store = Store.open(served.database_url)
    try:
        queue = JobQueue(store)
        assert eventually(lambda: queue.pending() == 0)  # the first job is marked done
        os.kill(first_worker, signal.SIGSTOP)
        body = {
            "team_id": TEAM_ID,
            "channel_id": "C0OTHER1",
            "user_id": "U0USER01",
            "text": ARTICLE.replace("security assistance", "security aid"),
            "response_url": served.fake.response_url("held"),
        }
        job_id = queue.put(TEAM_ID, "command", {"body": body})
        assert queue.take(worker_name(first_worker)).id == job_id
        os.kill(first_worker, signal.SIGKILL)
        served.wait_workers(2)
        assert served.fake.wait_for(
            lambda f: any(c.args["channel"] == "C0OTHER1" for c in f.of("chat.postMessage")), 180
        ), served.log.read_text()[-2000:]
        assert eventually(lambda: queue.status(job_id) == ("done", 2, None))
        time.sleep(1)
        channels = [
            c.args["channel"] for c in served.fake.of("chat.postMessage") if "thread_ts" not in c.args
        ]
        assert sorted(channels) == ["C0NEWS01", "C0OTHER1"]  # each job answered once
    finally:
        store.close()

    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(60) == 0
    time.sleep(0.5)
    for pid in served.worker_pids():
        assert not Path(f"/proc/{pid}").exists() or is_zombie(pid)


def test_serve_killed_outright_leaves_no_worker_behind(served: Served) -> None:
    (worker,) = served.wait_workers(1)
    served.process.kill()  # no chance to stop its worker
    served.process.wait()
    assert eventually(lambda: not Path(f"/proc/{worker}").exists() or is_zombie(worker), 30)


def is_zombie(pid: int) -> bool:
    try:
        return "zombie" in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


def test_worker_command_stops_on_sigterm(tmp_path: Path) -> None:
    """`newsbot worker` (beside gunicorn) finishes cleanly when its process manager sends SIGTERM."""
    log = tmp_path / "worker.log"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'n.sqlite'}", "SLACK_BOT_TOKEN": "xoxb-w"}
    newsbot = Path(sys.executable).with_name("newsbot")
    with log.open("w") as err:
        process = subprocess.Popen([str(newsbot), "worker"], env=env, stderr=err)
    try:
        assert eventually(lambda: "worker ready" in log.read_text(), 120), log.read_text()
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
        assert "worker stopped" in log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
