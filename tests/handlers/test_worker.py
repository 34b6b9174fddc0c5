"""The worker side of queued Slack work: running jobs, giving up on jobs that killed workers, failing
jobs, and the web side telling users at once when the database is down."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import Mock

import pytest
from slack_bolt.context.respond import Respond

from bot.settings import Settings
from bot.store import Store, make_engine
from bot.store.jobs import Job, JobQueue
from handlers.app import make_client
from handlers.commands.newsbot import ack_newsbot, needs_work
from handlers.common import DATABASE_DOWN
from handlers.enqueue import JobSubmitter, Pending, ack_then_queue
from handlers.jobs import GAVE_UP, MAX_ATTEMPTS, JobRunner
from handlers.worker import Wakeup, Worker
from tests.handlers.fake_analyzer import FakeAnalyzer
from tests.handlers.fake_slack import TEAM_ID, FakeSlack, settings_for

log = logging.getLogger("test")
ARTICLE = "Council approves budget\nThe council approved 12% more for schools on Monday."


@dataclass
class Env:
    fake: FakeSlack
    settings: Settings
    store: Store
    queue: JobQueue
    analyzer: FakeAnalyzer
    worker: Worker


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    fake = FakeSlack().start()
    settings = settings_for(fake, tmp_path / "newsbot.sqlite", "worker-secret")
    store = Store.open(settings.database_url)
    queue = JobQueue(store)
    analyzer = FakeAnalyzer(store)
    worker = Worker(queue, JobRunner(settings, analyzer), name="test-worker", poll_seconds=0.05)
    try:
        yield Env(fake, settings, store, queue, analyzer, worker)
    finally:
        fake.stop()
        store.close()


def command_body(fake: FakeSlack, text: str, name: str = "r1") -> dict:
    """A slash command as Bolt parses it (form fields as strings)."""
    return {
        "team_id": TEAM_ID,
        "channel_id": "C0NEWS01",
        "user_id": "U0USER01",
        "command": "/newsbot",
        "text": text,
        "response_url": fake.response_url(name),
    }


def test_worker_runs_a_queued_command_and_marks_it_done(env: Env) -> None:
    job_id = env.queue.put(TEAM_ID, "command", {"body": command_body(env.fake, ARTICLE)})
    assert env.worker.run_once() is True
    post, details = env.fake.of("chat.postMessage")  # the verdict, then its details in its thread
    assert details.args["thread_ts"] == "1700000000.000001"
    assert post.args["channel"] == "C0NEWS01"
    assert post.args["blocks"][0]["text"]["text"] == "Council approves budget"
    assert env.queue.status(job_id) == ("done", 1, None)
    assert env.worker.run_once() is False  # nothing left


def test_worker_gives_up_on_a_job_that_stopped_workers_too_often(env: Env) -> None:
    job_id = env.queue.put(TEAM_ID, "command", {"body": command_body(env.fake, ARTICLE)})
    for attempt in range(MAX_ATTEMPTS):  # each time, the worker "dies" with the job running
        assert env.queue.take(f"dead-{attempt}").id == job_id
        env.queue.requeue(f"dead-{attempt}")
    assert env.worker.run_once() is True
    (note,) = env.fake.of("response_url")
    assert note.args["text"] == GAVE_UP and note.args["response_type"] == "ephemeral"
    assert env.analyzer.calls == []  # not analyzed a third time
    assert env.queue.status(job_id)[0] == "done"


def test_worker_marks_an_unknown_job_failed_and_goes_on(env: Env) -> None:
    bad = env.queue.put(TEAM_ID, "from-a-newer-version", {"body": {}})
    good = env.queue.put(TEAM_ID, "command", {"body": command_body(env.fake, ARTICLE)})
    assert env.worker.run_once() and env.worker.run_once()
    status, attempts, error = env.queue.status(bad)
    assert (status, attempts) == ("failed", 1) and "UnknownJob" in error
    assert env.queue.status(good)[0] == "done"


def unreachable_store() -> Store:
    """A store whose PostgreSQL server is down (nothing listens on port 1: connection refused)."""
    return Store(make_engine("postgresql://newsbot@127.0.0.1:1/newsbot"))


def test_worker_loop_waits_out_a_database_outage(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    worker = Worker(JobQueue(unreachable_store()), env.worker.runner, poll_seconds=0.01)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    with caplog.at_level(logging.ERROR, logger="newsbot.slack.worker"):
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # still waiting for the database, not crashed
        stop.set()
        thread.join(35)
    assert not thread.is_alive()
    assert any("database unavailable" in r.getMessage() for r in caplog.records)


def test_enqueue_with_database_down_tells_the_user_at_once(env: Env) -> None:
    submitter = JobSubmitter(JobQueue(unreachable_store()), window_seconds=0)
    listener = ack_then_queue(ack_newsbot, "command", submitter, wanted=needs_work)
    body = command_body(env.fake, ARTICLE)
    ack = Mock()
    try:
        listener(ack, body, {}, make_client(env.settings), Respond(response_url=body["response_url"]), log)
        assert submitter.flush(10)
    finally:
        submitter.close()
    assert "Analyzing" in ack.call_args.kwargs["text"]  # acked first, as always
    (note,) = env.fake.wait_calls("response_url")
    assert note.args["text"] == DATABASE_DOWN and note.args["response_type"] == "ephemeral"


def test_enqueue_skips_commands_the_ack_already_answered(env: Env) -> None:
    woken = Mock()
    submitter = JobSubmitter(env.queue, woken, window_seconds=0)
    listener = ack_then_queue(ack_newsbot, "command", submitter, wanted=needs_work)
    try:
        for text in ("help", "digest here 99", ARTICLE):
            listener(Mock(), command_body(env.fake, text), {}, Mock(), Mock(), log)
        assert submitter.flush(10)
    finally:
        submitter.close()
    assert env.queue.pending() == 1 and woken.call_count == 1


def test_enqueue_writes_a_burst_in_batches_and_each_event_once(env: Env) -> None:
    woken = Mock()
    submitter = JobSubmitter(env.queue, woken, window_seconds=0.2)
    try:
        for n in range(30):
            submitter.submit(Pending(TEAM_ID, "command", {"n": n}))
        for _ in range(2):  # Slack delivers the same event twice
            submitter.submit(Pending(TEAM_ID, "mention", {"n": "m"}, claim_keys=["event:EvDup"]))
        assert submitter.flush(10)
    finally:
        submitter.close()
    assert env.queue.pending() == 31
    assert woken.call_count == 1  # one batch: the burst arrived within one window
    kinds = []
    while (job := env.queue.take("w")) is not None:
        kinds.append(job.kind)
    assert kinds == ["command"] * 30 + ["mention"]


def test_enqueue_close_writes_what_is_pending(env: Env) -> None:
    submitter = JobSubmitter(env.queue, window_seconds=60)  # would wait a minute to batch
    submitter.submit(Pending(TEAM_ID, "command", {"n": 1}))
    submitter.close(timeout=10)
    assert env.queue.pending() == 1


def test_enqueue_stores_no_verification_token(env: Env) -> None:
    submitter = JobSubmitter(env.queue, window_seconds=0)
    listener = ack_then_queue(ack_newsbot, "command", submitter)
    body = {**command_body(env.fake, ARTICLE), "token": "legacy-verification-token"}
    try:
        listener(Mock(), body, {"bot_user_id": "UBOT"}, Mock(), Mock(), log)
        assert submitter.flush(10)
    finally:
        submitter.close()
    job = env.queue.take("w")
    assert "token" not in job.payload["body"] and job.payload["bot_user_id"] == "UBOT"
    assert job.payload["body"]["text"] == ARTICLE


class FlakyQueue(JobQueue):
    """A real queue whose first batch write fails with an error nobody planned for."""

    failures = 1

    def put_many(self, jobs):
        if self.failures:
            self.failures -= 1
            raise RuntimeError("cannot execute INSERT in a read-only transaction")
        return super().put_many(jobs)


def test_enqueue_writer_survives_an_unexpected_error(env: Env) -> None:
    told = Mock()
    submitter = JobSubmitter(FlakyQueue(env.store), window_seconds=0)
    try:
        submitter.submit(Pending(TEAM_ID, "command", {"n": 1}, on_failure=told))
        assert submitter.flush(10)
        submitter.submit(Pending(TEAM_ID, "command", {"n": 2}))
        assert submitter.flush(10)
    finally:
        submitter.close()
    assert told.call_count == 1  # the first user heard of it
    assert env.queue.take("w").payload == {"n": 2}  # and the writer went on


def test_enqueue_submit_after_close_is_written_at_once(env: Env) -> None:
    submitter = JobSubmitter(env.queue)
    submitter.close()
    submitter.submit(Pending(TEAM_ID, "command", {"n": "late"}))
    assert env.queue.pending() == 1


def test_wakeup_never_blocks_and_carries_the_stop_request() -> None:
    wakeup = Wakeup()
    for _ in range(100_000):  # far more than a pipe holds, and nobody reading
        wakeup.notify()
    assert wakeup.wait(0) and not wakeup.is_set()
    wakeup.request_stop()
    assert wakeup.wait(1) and wakeup.is_set()
    assert not Wakeup().wait(0.01)  # nothing sent: times out


def test_job_without_response_url_is_answered_without_a_type_error(tmp_path: Path, caplog) -> None:
    """A queued `/newsbot search` whose body lost its response_url: logged, not a TypeError."""
    fake = FakeSlack().start()
    store = Store.open(f"sqlite:///{tmp_path / 'w.sqlite'}")
    try:
        runner = JobRunner(settings_for(fake, tmp_path / "w.sqlite"), FakeAnalyzer(store))
        body = {"team_id": TEAM_ID, "command": "/newsbot", "text": "search budget", "channel_id": "C1"}
        job = Job(1, TEAM_ID, "command", {"body": body, "bot_user_id": None}, 1, datetime.now(UTC))
        with caplog.at_level(logging.WARNING):
            runner.run(job)
        assert "no response_url to answer through" in caplog.text
    finally:
        store.close()
        fake.stop()


def test_read_only_database_tells_every_queued_user_once_and_never_runs_their_jobs(env: Env) -> None:
    """Jobs queued before the database turned read-only: each user gets the note at once (not
    "Analyzing…" for ever), and once writes work again the jobs are closed without an answer."""
    first = env.queue.put(TEAM_ID, "command", {"body": command_body(env.fake, ARTICLE, "r1")})
    second = env.queue.put(TEAM_ID, "command", {"body": command_body(env.fake, ARTICLE, "r2")})
    path = env.settings.database_url.removeprefix("sqlite:///")
    read_only = Store(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
    try:
        env.worker.queue = JobQueue(read_only)
        stop = threading.Event()
        thread = threading.Thread(target=env.worker.run, args=(stop,), daemon=True)
        thread.start()
        notes = env.fake.wait_calls("response_url", count=2)
        thread.join(1.5)  # a few more failed polls: nobody is told twice
        stop.set()
        thread.join(35)
    finally:
        read_only.close()
    assert sorted(n.path for n in env.fake.of("response_url")) == sorted(n.path for n in notes)
    assert {n.args["text"] for n in notes} == {DATABASE_DOWN}
    env.worker.queue = env.queue  # writes work again
    assert env.worker.run_once() and env.worker.run_once()
    assert env.analyzer.calls == []
    for job_id in (first, second):
        status, _, error = env.queue.status(job_id)
        assert status == "failed" and "told to retry" in error
    assert len(env.fake.of("response_url")) == 2 and env.fake.of("chat.postMessage") == []


def test_job_whose_end_could_not_be_recorded_is_not_run_again(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database turned read-only while the job ran: its user has had an answer (or the note), so
    when the job comes back (requeued, or stale) this worker closes it instead of answering again."""
    import handlers.worker as worker_module

    monkeypatch.setattr(worker_module, "BACKOFF_MAX_SECONDS", 0.5)
    job_id = env.queue.put(TEAM_ID, "command", {"body": command_body(env.fake, ARTICLE)})
    path = env.settings.database_url.removeprefix("sqlite:///")
    read_only = Store(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
    try:
        monkeypatch.setattr(env.queue, "finish", JobQueue(read_only).finish)  # the real refused write
        assert env.worker.run_once()
    finally:
        read_only.close()
    monkeypatch.undo()
    assert len(env.analyzer.calls) == 1
    assert env.queue.requeue(env.worker.name) == 1  # as after a restart of the supervisor
    assert env.worker.run_once()
    assert len(env.analyzer.calls) == 1  # not analyzed (nor answered) a second time
    assert env.queue.status(job_id)[0] == "failed"
