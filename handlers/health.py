"""`GET /health` for process managers and uptime checks: the database answers and queued Slack work is
being taken. A queue nobody takes from (no worker running beside gunicorn, a worker that keeps dying)
otherwise shows only as "Analyzing…" notes that never get an answer."""

from __future__ import annotations

from typing import Any

from bot.store.jobs import JobQueue
from bot.store.repository import DatabaseUnavailable

# A job that has waited this long means no worker is taking jobs (an analysis takes seconds).
STUCK_AFTER_SECONDS = 300


def health(queue: JobQueue) -> tuple[int, dict[str, Any]]:
    """HTTP status and JSON body: 200 when healthy, 503 when the database or the worker is not."""
    try:
        waited = queue.oldest_waiting_seconds()
    except DatabaseUnavailable:
        return 503, {"status": "database unavailable"}
    oldest = round(waited) if waited is not None else None
    if waited is not None and waited > STUCK_AFTER_SECONDS:
        return 503, {"status": "no worker is taking queued jobs", "oldest_waiting_seconds": oldest}
    return 200, {"status": "ok", "oldest_waiting_seconds": oldest}
