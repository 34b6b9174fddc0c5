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
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, Protocol

from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from bot.store.jobs import Job, JobQueue
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
# A job starts once the web process has had no request for QUIET_SECONDS, or after QUIET_WAIT_MAX
# seconds of waiting in any case (analyses must not starve under a steady stream of requests).
QUIET_SECONDS = 0.1
QUIET_WAIT_MAX = 2.0


class Waitable(Protocol):
    """A `threading.Event`, or a `Wakeup` (which is both the wake-up and the stop signal)."""

    def wait(self, timeout: float | None = None) -> bool: ...

    def is_set(self) -> bool: ...

    def clear(self) -> None: ...


class Wakeup:
    """Wake-ups and the stop request for a worker, as bytes on a pipe; also its parent's death.

    A `multiprocessing.Event` would do, except that a child killed inside `Event.wait()` leaves the
    event's lock held, and the web process's next `set()` would block for ever (and with it the queue
    writer). A write to this pipe never blocks (the write end is non-blocking; a full pipe already
    means "wake up"), and a signal handler may write to it safely. `is_set()` answers "stop?".
    """

    WAKE, STOP = b"w", b"s"

    def __init__(self, context: Any = None) -> None:
        self._reader, self._writer = (context or multiprocessing).Pipe(duplex=False)
        os.set_blocking(self._writer.fileno(), False)
        self._stopped = False
        self._parent: Any = None

    def notify(self) -> None:
        self._send(self.WAKE)

    def request_stop(self) -> None:
        self._send(self.STOP)

    def _send(self, byte: bytes) -> None:
        with contextlib.suppress(OSError):  # full pipe: the reader has a wake-up waiting already
            os.write(self._writer.fileno(), byte)

    def watch_parent(self) -> None:
        """In a child: count the parent's end (even by SIGKILL) as a stop request."""
        parent = multiprocessing.parent_process()
        self._parent = parent.sentinel if parent is not None else None

    def is_set(self) -> bool:
        return self._stopped

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a byte (or the parent's end); True if something arrived."""
        watched = [self._reader] if self._parent is None else [self._reader, self._parent]
        ready = multiprocessing.connection.wait(watched, timeout)
        if self._parent is not None and self._parent in ready:
            if not self._stopped:
                log.warning("parent process gone; worker stopping")
            self._stopped = True
        if self._reader in ready:
            with contextlib.suppress(BlockingIOError, InterruptedError):
                if self.STOP in os.read(self._reader.fileno(), 65536):
                    self._stopped = True
        return bool(ready)

    def clear(self) -> None:
        """Nothing to clear: `wait` consumes what it read."""


class RequestClock:
    """When the web process last received a request, shared with its worker process.

    `newsbot serve` runs both processes on one machine; the worker starts a job only once requests
    have paused (`wait_for_quiet`), so a burst of acks does not share the CPU with a parse. A value
    written by one process and read by another without a lock: one float, and a stale read only makes
    the worker wait a little more or less.
    """

    def __init__(self, context: Any) -> None:
        self._value = context.Value("d", 0.0, lock=False)

    def touch(self) -> None:
        self._value.value = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process

    def last(self) -> float:
        return self._value.value


def wait_for_quiet(
    clock: RequestClock, quiet: float = QUIET_SECONDS, longest: float = QUIET_WAIT_MAX
) -> None:
    """Wait until no request has come for `quiet` seconds, but never longer than `longest`."""
    deadline = time.monotonic() + longest
    while (now := time.monotonic()) < deadline:
        idle = now - clock.last()
        if idle >= quiet:
            return
        time.sleep(min(quiet - idle, deadline - now))


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
        before_job: Callable[[], None] | None = None,
    ) -> None:
        self.queue = queue
        self.runner = runner
        self.name = name or worker_name()
        self.wake = wake
        self.poll_seconds = poll_seconds
        self.before_job = before_job
        self._last_purge = 0.0
        # Jobs whose users were told the database is down, or whose end could not be recorded: never
        # run (again) by this worker, so nobody told to retry gets a late answer as well.
        self._told: set[int] = set()

    def run_once(self) -> bool:
        """Run the next job, if there is one; True if one ran."""
        job = self.queue.take(self.name)
        if job is None:
            return False
        if job.id in self._told:
            log.info("job skipped: its user was told to retry during an outage", extra={"job": job.id})
            self._finish(job, "not run: the user was told to retry while the database was down")
            return True
        if self.before_job is not None:
            self.before_job()
        error = None
        started = time.monotonic()
        try:
            self.runner.run(job)
        except Exception as exc:  # noqa: BLE001 - the job is marked failed; the worker goes on
            log.exception("job failed", extra={"job": job.id, "kind": job.kind})
            error = f"{type(exc).__name__}: {exc}"
        self._finish(job, error)
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

    def _finish(self, job: Job, error: str | None) -> None:
        """Mark the job finished, retrying while the database is down: a job left running would be
        taken again after `STALE_AFTER` and answered twice."""
        delay = 0.5
        while True:
            try:
                self.queue.finish(job.id, error, taken=job)
                return
            except DatabaseUnavailable as exc:
                if delay > BACKOFF_MAX_SECONDS:
                    log.error("job left unfinished; this worker will not run it again", extra={"job": job.id})
                    self._told.add(job.id)
                    return
                log.error(
                    "could not mark the job finished; retrying", extra={"job": job.id, "error": str(exc)}
                )
                time.sleep(delay)
                delay *= 2

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
            except (DatabaseUnavailable, SQLAlchemyError) as exc:  # down, or refusing writes (read-only)
                delay = min(max(delay, 0.5) * 2, BACKOFF_MAX_SECONDS)
                log.error("database unavailable; waiting", extra={"error": str(exc), "seconds": delay})
                self._tell_waiting()
            self._wait(stop, delay)

    def _tell_waiting(self) -> None:
        """The database is down or read-only: tell the users of jobs still waiting (if the queue can be
        read at all), once each, rather than leave them with "Analyzing…"."""
        try:
            waiting = self.queue.waiting()
        except Exception as exc:  # noqa: BLE001 - unreadable too: nobody can be named
            log.error("cannot read the queue to tell waiting users", extra={"error": str(exc)})
            return
        for job in waiting:
            if job.id in self._told:
                continue
            self._told.add(job.id)
            try:
                self.runner.tell_outage(job)
            except Exception:  # noqa: BLE001 - the next user must still be told
                log.exception("could not tell a waiting user about the outage", extra={"job": job.id})

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
    settings: Settings,
    stop: Waitable,
    wake: Waitable | None = None,
    ready: Waitable | None = None,
    clock: RequestClock | None = None,
) -> None:
    """Open the database, load the model, then run jobs until `stop` is set (each once the web
    process is quiet, if `clock` tells when it last had a request)."""
    from bot.pipeline import Analyzer
    from bot.store import Store

    store = Store.open(settings.database_url)
    try:
        analyzer = Analyzer(settings, store)
        analyzer.nlp  # noqa: B018 - load the model before taking the first job
        worker = Worker(
            JobQueue(store),
            JobRunner(settings, analyzer),
            wake=wake,
            poll_seconds=settings.job_poll_seconds,
            before_job=partial(wait_for_quiet, clock) if clock is not None else None,
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
    wakeup = Wakeup()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: wakeup.request_stop())
    work(settings, wakeup, wakeup)
    log.info("worker stopped")


def child_main(settings: Settings, wakeup: Wakeup, ready: Any, clock: RequestClock) -> None:
    """The worker process under `newsbot serve`: niced; stops when asked, on SIGTERM, or when the
    parent is gone (a worker nobody supervises would poll for ever); Ctrl-C is the parent's to handle."""
    from bot.logs import setup_logging

    setup_logging(settings.log_level)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: wakeup.request_stop())
    with contextlib.suppress(OSError, AttributeError):  # not on every platform
        os.nice(WORKER_NICENESS)
    wakeup.watch_parent()
    work(settings, wakeup, wakeup, ready, clock)


class WorkerProcess:
    """`newsbot serve`'s worker: a spawned child, restarted (with backoff) whenever it dies."""

    def __init__(self, settings: Settings, queue: JobQueue) -> None:
        self.settings = settings
        self.queue = queue
        context = multiprocessing.get_context("spawn")
        self._context = context
        self.wakeup = Wakeup(context)
        self.ready = context.Event()
        self.clock = RequestClock(context)
        self._lock = threading.Lock()  # `_stopping` and `_spawn` together: no child starts after stop()
        self._stopping = False
        self._process: Any = None
        self._monitor: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            self._spawn()
        self._monitor = threading.Thread(target=self._watch, name="newsbot-worker-watch", daemon=True)
        self._monitor.start()

    def notify(self) -> None:
        """Jobs were queued: wake the worker now instead of at its next poll (never blocks)."""
        self.wakeup.notify()

    def wait_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> bool:
        return self.ready.wait(timeout)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _spawn(self) -> None:
        self._process = self._context.Process(
            target=child_main,
            args=(self.settings, self.wakeup, self.ready, self.clock),
            name="newsbot-worker",
            daemon=True,
        )
        self._process.start()
        log.info("worker process started", extra={"pid": self._process.pid})

    def _watch(self) -> None:
        backoff = 1.0
        while not self._stopping:
            started = time.monotonic()
            process = self._process
            process.join()
            if self._stopping:
                return
            log.error(
                "worker process died; restarting it", extra={"pid": process.pid, "exitcode": process.exitcode}
            )
            self._requeue(worker_name(process.pid))
            backoff = 1.0 if time.monotonic() - started > RESTART_BACKOFF_MAX_SECONDS else backoff * 2
            time.sleep(min(backoff, RESTART_BACKOFF_MAX_SECONDS))
            with self._lock:
                if self._stopping:
                    return
                try:
                    self._spawn()
                except Exception:  # noqa: BLE001 - out of memory or processes: try again after the backoff
                    log.exception("could not start the worker process")
                    self._process = process  # joins at once; the loop backs off and tries again

    def _requeue(self, name: str) -> None:
        """Put the dead child's running job back (retried while the database is down)."""
        for attempt in range(5):
            try:
                requeued = self.queue.requeue(name)
            except Exception as exc:  # noqa: BLE001 - the stale-job rule will pick it up later
                log.error(
                    "could not requeue the dead worker's jobs", extra={"error": str(exc), "try": attempt}
                )
                time.sleep(2**attempt)
                continue
            if requeued:
                log.info("jobs of the dead worker queued again", extra={"jobs": requeued})
            return

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """Let the running job finish (up to `timeout`), then end the worker."""
        with self._lock:
            self._stopping = True
        self.wakeup.request_stop()
        process = self._process
        if process is None:
            return
        process.join(timeout)
        if process.is_alive():
            log.warning("worker did not stop in time; killing it", extra={"pid": process.pid})
            process.kill()
            process.join(5)
