"""Small work after an ack in the web process (the Home tab): one background thread, not Bolt's pool.

Bolt runs ack functions *and* lazy listeners on the same executor (10 threads by default) and answers
404 when an ack function has not run within 3 s, so lazy listeners hand their work to this thread and
return at once. Analyses never run here: they are queued for the worker (`handlers.enqueue`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import wraps
from typing import Any

log = logging.getLogger("newsbot.slack.work")

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
