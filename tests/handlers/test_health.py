"""`GET /health`'s answer: the database answers and queued work is being taken."""

from __future__ import annotations

import shutil
from datetime import timedelta

from sqlalchemy import update

from bot.store import Store, make_engine
from bot.store.jobs import JobQueue
from bot.store.schema import JobRow, utcnow
from handlers.health import STUCK_AFTER_SECONDS, health


def test_health_ok_while_jobs_are_taken(tmp_path) -> None:
    queue = JobQueue(Store.open(f"sqlite:///{tmp_path / 'h.sqlite'}"))
    assert health(queue) == (200, {"status": "ok", "oldest_waiting_seconds": None})
    queue.put("T1", "command", {})
    status, body = health(queue)
    assert status == 200 and body["oldest_waiting_seconds"] < 60


def test_health_503_when_no_worker_takes_jobs(tmp_path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'h.sqlite'}")
    queue = JobQueue(store)
    job_id = queue.put("T1", "command", {})
    waited = timedelta(seconds=STUCK_AFTER_SECONDS + 60)
    with store.session() as session:
        session.execute(update(JobRow).where(JobRow.id == job_id).values(created_at=utcnow() - waited))
    status, body = health(queue)
    assert status == 503 and body["status"] == "no worker is taking queued jobs"
    assert body["oldest_waiting_seconds"] >= STUCK_AFTER_SECONDS + 60


def test_health_503_when_the_database_is_down() -> None:
    queue = JobQueue(Store(make_engine("postgresql://newsbot@127.0.0.1:1/newsbot")))
    assert health(queue) == (503, {"status": "database unavailable"})


def test_health_503_when_the_sqlite_file_is_deleted_or_replaced(tmp_path) -> None:
    from handlers.health import Health

    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "h.sqlite"
    store = Store.open(f"sqlite:///{path}")
    try:
        check = Health(JobQueue(store))
        assert check()[0] == 200
        path.rename(tmp_path / "moved.sqlite")
        path.write_bytes((tmp_path / "moved.sqlite").read_bytes())  # a different file at the same path
        assert check() == (503, {"status": "database file was replaced", "path": str(path)})
        shutil.rmtree(folder)  # the case: the database's folder deleted under a running server
        assert check() == (503, {"status": "database file is gone", "path": str(path)})
    finally:
        store.close()


def test_health_503_when_the_database_refuses_writes(tmp_path) -> None:
    path = tmp_path / "h.sqlite"
    Store.open(f"sqlite:///{path}").close()
    read_only = Store(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
    try:
        assert health(JobQueue(read_only)) == (503, {"status": "database refuses writes (read-only)"})
    finally:
        read_only.close()
