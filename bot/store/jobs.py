"""A job queue in the database: what the web process has acked, waiting for a worker to answer it.

Slack needs an ack within 3 seconds; the analysis takes longer. The web process therefore stores the
request as a job and a worker process runs it. A job in the database survives a restart of either
process, and two workers never run the same job: a worker takes a job with a conditional UPDATE that
only one of them can win (the same statement on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.repository import Store
from bot.store.schema import JobRow, SlackEventRow, utcnow

# A running job whose worker has not finished it after this long is taken to be lost (the worker died
# without a goodbye) and runs again. The longest analysis (a 1 MB paste) takes well under a minute.
STALE_AFTER = timedelta(minutes=10)
CANDIDATES = 5  # jobs looked at per take; another worker may win some of them
ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    workspace: str
    kind: str
    payload: dict[str, Any]
    attempts: int  # including the current one
    created_at: datetime


class JobQueue:
    """Queued work in newsbot's database (table `jobs`)."""

    def __init__(self, store: Store, *, stale_after: timedelta = STALE_AFTER) -> None:
        self.store = store
        self.stale_after = stale_after

    def put(
        self, workspace: str, kind: str, payload: dict[str, Any], *, claim_keys: Sequence[str] = ()
    ) -> int | None:
        """Queue a job and return its id, or None if one of `claim_keys` was claimed before (Slack
        delivered the same event again). The claim and the job are one transaction."""
        try:
            with self.store.session() as session:
                for key in claim_keys:
                    session.add(SlackEventRow(key=key[:200]))
                row = JobRow(workspace=workspace, kind=kind, payload=payload, status="queued", attempts=0)
                session.add(row)
                session.flush()
                return row.id
        except IntegrityError:
            return None

    def put_many(self, jobs: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        """Queue several `(workspace, kind, payload)` jobs in one transaction (one commit for a burst)."""
        if not jobs:
            return
        now = utcnow()
        rows = [
            {"workspace": w, "kind": k, "payload": p, "status": "queued", "attempts": 0, "created_at": now}
            for w, k, p in jobs
        ]
        with self.store.session() as session:
            session.execute(insert(JobRow), rows)

    def waiting(self, limit: int = 100) -> list[Job]:
        """Jobs not taken yet, oldest first; only reads, so it works while the database refuses writes."""
        with self.store.session() as session:
            rows = session.scalars(
                select(JobRow).where(JobRow.status == "queued").order_by(JobRow.id).limit(limit)
            ).all()
            return [Job(r.id, r.workspace, r.kind, dict(r.payload), r.attempts, r.created_at) for r in rows]

    def take(self, worker: str) -> Job | None:
        """The oldest waiting (or lost) job, now marked as running for `worker`; None if there is none."""
        now = utcnow()
        waiting = or_(
            JobRow.status == "queued",
            and_(JobRow.status == "running", JobRow.started_at < now - self.stale_after),
        )
        with self.store.session() as session:
            seen = session.execute(
                select(JobRow.id, JobRow.status, JobRow.attempts)
                .where(waiting)
                .order_by(JobRow.id)
                .limit(CANDIDATES)
            ).all()
        for job_id, status, attempts in seen:
            with self.store.session() as session:
                won = session.execute(
                    update(JobRow)
                    .where(JobRow.id == job_id, JobRow.status == status, JobRow.attempts == attempts)
                    .values(status="running", attempts=attempts + 1, worker=worker[:128], started_at=now)
                ).rowcount
                if won == 1:
                    row = session.get(JobRow, job_id)
                    assert row is not None
                    return Job(
                        row.id, row.workspace, row.kind, dict(row.payload), row.attempts, row.created_at
                    )
        return None

    def finish(self, job_id: int, error: str | None = None, *, taken: Job | None = None) -> None:
        """Mark a job done (or failed, with the reason) and drop its payload, which holds the paste.

        With `taken` (the job as this worker took it), only if no other worker has taken it since."""
        condition = [JobRow.id == job_id]
        if taken is not None:
            condition += [JobRow.status == "running", JobRow.attempts == taken.attempts]
        with self.store.session() as session:
            session.execute(
                update(JobRow)
                .where(*condition)
                .values(
                    status="failed" if error else "done",
                    error=error[:ERROR_CHARS] if error else None,
                    payload={},
                    finished_at=utcnow(),
                )
            )

    def requeue(self, worker: str) -> int:
        """Put the running jobs of a worker that died back in the queue; returns how many."""
        with self.store.session() as session:
            return session.execute(
                update(JobRow)
                .where(JobRow.status == "running", JobRow.worker == worker[:128])
                .values(status="queued", worker=None, started_at=None)
            ).rowcount

    def pending(self, workspace: str | None = None) -> int:
        """Jobs not finished yet (waiting or running)."""
        query = select(func.count()).select_from(JobRow).where(JobRow.status.in_(("queued", "running")))
        if workspace is not None:
            query = query.where(JobRow.workspace == workspace)
        with self.store.session() as session:
            return int(session.scalar(query) or 0)

    def oldest_waiting_seconds(self) -> float | None:
        """How long the oldest job not yet taken has waited, or None if none waits."""
        with self.store.session() as session:
            oldest = session.scalar(select(func.min(JobRow.created_at)).where(JobRow.status == "queued"))
        if oldest is None:
            return None
        if oldest.tzinfo is None:  # SQLite gives back naive datetimes; they were written in UTC
            oldest = oldest.replace(tzinfo=UTC)
        return max(0.0, (utcnow() - oldest).total_seconds())

    def status(self, job_id: int) -> tuple[str, int, str | None] | None:
        """`(status, attempts, error)` of a job, or None if there is no such job."""
        with self.store.session() as session:
            row = session.get(JobRow, job_id)
            return (row.status, row.attempts, row.error) if row is not None else None

    def purge(self, older_than: timedelta) -> int:
        """Delete finished jobs older than `older_than`; returns how many."""
        cutoff = utcnow() - older_than
        with self.store.session() as session:
            return session.execute(
                delete(JobRow).where(JobRow.status.in_(("done", "failed")), JobRow.finished_at < cutoff)
            ).rowcount
