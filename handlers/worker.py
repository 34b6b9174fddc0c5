"""The worker: takes queued Slack jobs from the database and answers them, one at a time.

`newsbot worker` runs it in the foreground (the Procfile's `worker:` next to gunicorn's `web:`);
`newsbot serve` starts it as a child process (`WorkerProcess`), restarts it if it dies and puts the
job it was running back in the queue. Only the worker loads the spaCy model: the web process acks
and queues, so a parse never delays an ack (`benchmarks/slack_ack.py`).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import threading
import time
from datetime import timedelta
from typing import Any, Protocol

from bot.settings import Settings
from bot.store.jobs import JobQueue
from bot.store.repository import DatabaseUnavailable
from handlers.jobs import JobRunner

log = logging.getLogger("newsbot.slack.worker")

BACKOFF_MAX_SECONDS = 30.0  # longest wait between tries while the database is down
KEEP_FINISHED = timedelta(days=7)  # finished jobs (payload already dropped) are deleted after this
PURGE_EVERY_SECONDS = 3600.0
# The child's scheduling priority (os.nice increment) under `newsbot serve`: where cores are few, the
# OS runs the web process's request threads first, so an ack never waits for a parse; analyses only
# slow down while a burst of requests is being acked. On a 2-core machine (`benchmarks/slack_ack.py`)
# 19 rather than 10 took the ack p50 ratio from 1.37-1.80 to 1.25-1.42 over three runs each.
WORKER_NICENESS = 19
READY_TIMEOUT_SECONDS = 120.0
STOP_TIMEOUT_SECONDS = 60.0  # a running analysis may finish before the worker is killed
RESTART_BACKOFF_MAX_SECONDS = 60.0


class Waitable(Protocol):
    """A `threading.Event` or a `multiprocessing.Event`."""

    def wait(self, timeout: float | None = None) -> bool: ...

    def is_set(self) -> bool: ...

    def set(self) -> None: ...

    def clear(self) -> None: ...


def worker_name(pid: int | None = None) -> str:
    """How a worker marks the jobs it runs: host and process id (the web process can name a dead child)."""
    return f"{socket.gethostname()}:{pid if pid is not None else os.getpid()}"


class Worker:
    """The loop: take a job, run it, mark it finished; when the queue is empty, wait to be woken."""

    def __init__(
        self,
        queue: JobQueue,
        runner: JobRunner,
        *,
        name: str | None = None,
        wake: Waitable | None = None,
        poll_seconds: float = 1.0,
    ) -> None:
        self.queue = queue
        self.runner = runner
        self.name = name or worker_name()
        self.wake = wake
        self.poll_seconds = poll_seconds
        self._last_purge = 0.0

    def run_once(self) -> bool:
        """Run the next job, if there is one; True if one ran."""
        job = self.queue.take(self.name)
        if job is None:
            return False
        error = None
        started = time.monotonic()
        try:
            self.runner.run(job)
        except Exception as exc:  # noqa: BLE001 - the job is marked failed; the worker goes on
            log.exception("job failed", extra={"job": job.id, "kind": job.kind})
            error = f"{type(exc).__name__}: {exc}"
        self.queue.finish(job.id, error)
        log.info(
            "job finished",
            extra={
                "job": job.id,
                "kind": job.kind,
                "ok": error is None,
                "seconds": round(time.monotonic() - started, 2),
            },
        )
        return True

    def run(self, stop: Waitable) -> None:
        """Work until `stop` is set (a running job is finished first)."""
        delay = self.poll_seconds
        while not stop.is_set():
            try:
                if self.run_once():
                    delay = self.poll_seconds
                    continue
                self._purge_now_and_then()
                delay = self.poll_seconds
            except DatabaseUnavailable as exc:
                delay = min(max(delay, 0.5) * 2, BACKOFF_MAX_SECONDS)
                log.error("database unavailable; waiting", extra={"error": str(exc), "seconds": delay})
            self._wait(stop, delay)

    def _wait(self, stop: Waitable, seconds: float) -> None:
        if self.wake is None:
            stop.wait(seconds)
            return
        self.wake.wait(seconds)
        self.wake.clear()

    def _purge_now_and_then(self) -> None:
        now = time.monotonic()
        if now - self._last_purge >= PURGE_EVERY_SECONDS:
            self._last_purge = now
            purged = self.queue.purge(KEEP_FINISHED)
            if purged:
                log.info("finished jobs purged", extra={"jobs": purged})


def work(
    settings: Settings, stop: Waitable, wake: Waitable | None = None, ready: Waitable | None = None
) -> None:
    """Open the database, load the model, then run jobs until `stop` is set."""
    from bot.pipeline import Analyzer
    from bot.store import Store

    store = Store.open(settings.database_url)
    try:
        analyzer = Analyzer(settings, store)
        analyzer.nlp  # noqa: B018 - load the model before taking the first job
        worker = Worker(
            JobQueue(store), JobRunner(settings, analyzer), wake=wake, poll_seconds=settings.job_poll_seconds
        )
        log.info("worker ready", extra={"worker": worker.name})
        if ready is not None:
            ready.set()
        worker.run(stop)
    finally:
        store.close()


def run_worker(settings: Settings) -> None:
    """`newsbot worker`: in the foreground until SIGTERM or Ctrl-C (the running job is finished first)."""
    from bot.logs import setup_logging

    setup_logging(settings.log_level)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    work(settings, stop)
    log.info("worker stopped")


def child_main(settings: Settings, stop: Waitable, wake: Waitable, ready: Waitable) -> None:
    """The worker process under `newsbot serve`: niced; Ctrl-C is the parent's to handle."""
    from bot.logs import setup_logging

    setup_logging(settings.log_level)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(OSError, AttributeError):  # not on every platform
        os.nice(WORKER_NICENESS)
    stop_with_parent(stop, wake)
    work(settings, stop, wake, ready)


def stop_with_parent(stop: Waitable, wake: Waitable) -> None:
    """Stop (after the running job) when the parent process is gone, even if it was killed outright:
    a worker nobody supervises would keep polling forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        log.warning("parent process gone; worker stopping")
        stop.set()
        wake.set()

    threading.Thread(target=watch, name="newsbot-parent-watch", daemon=True).start()


class WorkerProcess:
    """`newsbot serve`'s worker: a spawned child, restarted (with backoff) whenever it dies."""

    def __init__(self, settings: Settings, queue: JobQueue) -> None:
        self.settings = settings
        self.queue = queue
        context = multiprocessing.get_context("spawn")
        self._context = context
        self.wake = context.Event()
        self.ready = context.Event()
        self._stop = context.Event()
        self._stopping = False
        self._process: Any = None
        self._monitor: threading.Thread | None = None

    def start(self) -> None:
        self._spawn()
        self._monitor = threading.Thread(target=self._watch, name="newsbot-worker-watch", daemon=True)
        self._monitor.start()

    def notify(self) -> None:
        """A job was queued: wake the worker now instead of at its next poll."""
        self.wake.set()

    def wait_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> bool:
        return self.ready.wait(timeout)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _spawn(self) -> None:
        self._process = self._context.Process(
            target=child_main,
            args=(self.settings, self._stop, self.wake, self.ready),
            name="newsbot-worker",
            daemon=True,
        )
        self._process.start()
        log.info("worker process started", extra={"pid": self._process.pid})

    def _watch(self) -> None:
        backoff = 1.0
        while True:
            started = time.monotonic()
            process = self._process
            process.join()
            if self._stopping:
                return
            log.error(
                "worker process died; restarting it", extra={"pid": process.pid, "exitcode": process.exitcode}
            )
            with contextlib.suppress(DatabaseUnavailable):
                requeued = self.queue.requeue(worker_name(process.pid))
                if requeued:
                    log.info("jobs of the dead worker queued again", extra={"jobs": requeued})
            backoff = 1.0 if time.monotonic() - started > RESTART_BACKOFF_MAX_SECONDS else backoff * 2
            time.sleep(min(backoff, RESTART_BACKOFF_MAX_SECONDS))
            if self._stopping:
                return
            self._spawn()

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """Let the running job finish (up to `timeout`), then end the worker."""
        self._stopping = True
        self._stop.set()
        self.wake.set()
        process = self._process
        if process is None:
            return
        process.join(timeout)
        if process.is_alive():
            log.warning("worker did not stop in time; terminating it", extra={"pid": process.pid})
            process.terminate()
            process.join(5)
