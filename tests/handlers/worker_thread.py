"""A worker for tests: the real `Worker` loop in a thread of the test process, woken by the app."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from bot.settings import Settings
from bot.store.jobs import JobQueue
from handlers.common import AnalyzerLike
from handlers.jobs import JobRunner
from handlers.worker import Worker


@contextmanager
def worker_thread(
    settings: Settings, analyzer: AnalyzerLike, queue: JobQueue, wake: threading.Event
) -> Iterator[Worker]:
    """Run queued jobs until the block ends (the running job is finished first)."""
    worker = Worker(queue, JobRunner(settings, analyzer), wake=wake, poll_seconds=0.2)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True, name="test-worker")
    thread.start()
    try:
        yield worker
    finally:
        stop.set()
        wake.set()
        thread.join(30)
