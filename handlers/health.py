"""`GET /health` for process managers and uptime checks: the database answers and takes writes, it is
still the file at its path (SQLite), and queued Slack work is being taken. A queue nobody takes from (no
worker running beside gunicorn, a worker that keeps dying) otherwise shows only as "Analyzing…" notes
that never get an answer; a deleted or replaced SQLite file would swallow every later article."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.store.jobs import JobQueue
from bot.store.repository import DatabaseUnavailable

# A write that changes nothing: refused by a read-only database (SQLite opened read-only, a PostgreSQL
# standby or `default_transaction_read_only`), as any real write would be.
WRITE_PROBE = text("UPDATE jobs SET attempts = attempts WHERE id = -1")

# A job that has waited this long means no worker is taking jobs (an analysis takes seconds).
STUCK_AFTER_SECONDS = 300


def health(queue: JobQueue) -> tuple[int, dict[str, Any]]:
    """HTTP status and JSON body: 200 when healthy, 503 when the database or the worker is not."""
    try:
        waited = queue.oldest_waiting_seconds()
    except DatabaseUnavailable:
        return 503, {"status": "database unavailable"}
    try:
        with queue.store.session() as session:
            session.execute(WRITE_PROBE)
    except (DatabaseUnavailable, SQLAlchemyError):
        return 503, {"status": "database refuses writes (read-only)"}
    oldest = round(waited) if waited is not None else None
    if waited is not None and waited > STUCK_AFTER_SECONDS:
        return 503, {"status": "no worker is taking queued jobs", "oldest_waiting_seconds": oldest}
    return 200, {"status": "ok", "oldest_waiting_seconds": oldest}


def sqlite_file(queue: JobQueue) -> str | None:
    """The path of the SQLite file behind `queue`, or None (another database, or in memory)."""
    url = queue.store.engine.url
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:") or database.startswith("file:"):
        return None
    return os.path.abspath(database)


class Health:
    """`health(queue)`, and for SQLite also: the file at the path is still the one opened at start.

    An open SQLite connection keeps writing into a deleted (or replaced) file without an error; the
    articles are then lost at the next restart. The file's device and inode, taken when the process
    starts, tell."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue
        self.path = sqlite_file(queue)
        self.identity = _identity(self.path) if self.path else None

    def __call__(self) -> tuple[int, dict[str, Any]]:
        if self.path is not None:
            now = _identity(self.path)
            if now is None:
                return 503, {"status": "database file is gone", "path": self.path}
            if self.identity is not None and now != self.identity:
                return 503, {"status": "database file was replaced", "path": self.path}
        return health(self.queue)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
