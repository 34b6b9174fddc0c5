"""Where the slow work after an ack runs: one background worker per process, not Bolt's thread pool.

Bolt runs ack functions *and* lazy listeners on the same executor (10 threads by default) and answers
404 when an ack function has not run within 3 s. Analyses are CPU-bound and serialized, so if lazy
listeners did them on that pool, a burst of commands would fill it and later acks would time out
(measured: `benchmarks/slack_ack.py`, 20 concurrent clients). Lazy listeners therefore only enqueue
the work here and return at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import wraps
from typing import Any

log = logging.getLogger("newsbot.slack.work")

# One worker: analyses are serialized anyway (`common.ANALYSIS_LOCK`); under `newsbot serve` they run
# in a separate process (`handlers.analysis_process`), so this thread mostly waits.
WORKERS = 1
_executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="newsbot-work")


def in_background(fn: Callable[..., Any]) -> Callable[..., None]:
    """`fn` as a lazy listener that queues the call and returns; Bolt still sees `fn`'s arguments."""

    @wraps(fn)
    def enqueue(*args: Any, **kwargs: Any) -> None:
        _executor.submit(_run, fn, args, kwargs)

    return enqueue


def _run(fn: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> None:
    try:
        fn(*args, **kwargs)
    except Exception:  # noqa: BLE001 - listeners report to users themselves; this is the last net
        log.exception("background work failed", extra={"listener": getattr(fn, "__name__", "?")})
