"""The web process's half of slow work: ack, then store the request as a job for the worker.

A listener acks and hands the request to `JobSubmitter`, which writes it to the `jobs` table from one
background thread, a small batch at a time (one transaction per batch). The worker process
(`handlers.worker`) runs the job: analysis, Block Kit, posting. The web process never parses, so acks
do not wait for the model, and an acked request survives a restart of either process once written —
at most `BATCH_WINDOW_SECONDS` after its ack.

Why batches: under a burst (`benchmarks/slack_ack.py`, 20 concurrent clients) every bit of CPU the web
process spends per request lengthens every ack; one insert per request cost about 0.8 ms of CPU and
doubled ack latency, a batch of ten costs a tenth of that per job.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from bot.store.jobs import JobQueue
from bot.store.repository import DatabaseUnavailable
from handlers.blocks import notice
from handlers.common import DATABASE_DOWN, NoWorkspace, tell_requester, workspace_of

log = logging.getLogger("newsbot.slack.queue")

# How long the writer collects requests before one transaction writes them all: short against an
# analysis (seconds), long enough to gather a burst.
BATCH_WINDOW_SECONDS = 0.05
BATCH_MAX = 200

ClaimKeys = Callable[[dict[str, Any]], list[str]]
AckFunction = Callable[[Any, dict[str, Any]], None]


def _nothing() -> None:
    return None


@dataclass
class Pending:
    """A request acked but not yet written as a job."""

    workspace: str
    kind: str
    payload: dict[str, Any]
    claim_keys: list[str] = field(default_factory=list)
    on_failure: Callable[[], None] = _nothing  # tells the user the database is down


class JobSubmitter:
    """Writes acked requests to the job queue in small batches from one background thread."""

    def __init__(
        self,
        queue: JobQueue,
        on_queued: Callable[[], None] = _nothing,
        window_seconds: float = BATCH_WINDOW_SECONDS,
    ) -> None:
        self.queue = queue
        self.on_queued = on_queued
        self.window_seconds = window_seconds
        self._pending: list[Pending] = []
        self._lock = threading.Lock()
        self._arrived = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stop = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="newsbot-job-writer", daemon=True)
        self._thread.start()

    def submit(self, pending: Pending) -> None:
        """Queue `pending` for the next batch and return at once (after `close`, write it now)."""
        with self._lock:
            closed = self._closed
            if not closed:
                self._pending.append(pending)
                self._idle.clear()
        if closed:
            self._write([pending])
            return
        self._arrived.set()

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything submitted so far is written (or failed); False on timeout."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Write what is pending at once and stop the writer; later submits are written directly."""
        self._stop.set()
        self._arrived.set()
        self._thread.join(timeout)
        with self._lock:
            self._closed = True
            left, self._pending = self._pending, []
        if left:  # the writer did not finish in time
            self._write(left)

    def _run(self) -> None:
        while not (self._stop.is_set() and self._idle.is_set()):
            self._arrived.wait()
            self._stop.wait(self.window_seconds)  # gather the rest of a burst; no wait when closing
            with self._lock:
                batch, self._pending = self._pending[:BATCH_MAX], self._pending[BATCH_MAX:]
                if not self._pending:
                    self._arrived.clear()
            if batch:
                self._write(batch)
            with self._lock:
                if not self._pending:
                    self._idle.set()

    def _write(self, batch: list[Pending]) -> None:
        """Write a batch; whatever cannot be written is told to its users. Never raises: the writer
        thread must outlive any error, or later requests would be acked and never written."""
        try:
            written = self._put(batch)
        except Exception as exc:  # noqa: BLE001 - e.g. a read-only database after a failover
            log.exception("could not queue requests")
            self._failed(batch, exc)
            return
        if written:
            log.info("queued", extra={"jobs": written})
            try:
                self.on_queued()
            except Exception:  # noqa: BLE001 - the worker still finds the jobs at its next poll
                log.exception("could not wake the worker")

    def _put(self, batch: list[Pending]) -> int:
        """Write plain requests in one transaction, claimed ones one by one; returns how many jobs."""
        plain = [p for p in batch if not p.claim_keys]
        claimed = [p for p in batch if p.claim_keys]
        try:
            self.queue.put_many([(p.workspace, p.kind, p.payload) for p in plain])
        except DatabaseUnavailable as exc:  # no use trying the claimed ones: tell everyone now
            self._failed(batch, exc)
            return 0
        written = len(plain)
        for index, pending in enumerate(claimed):
            try:
                job_id = self.queue.put(
                    pending.workspace, pending.kind, pending.payload, claim_keys=pending.claim_keys
                )
            except DatabaseUnavailable as exc:
                self._failed(claimed[index:], exc)
                break
            if job_id is None:
                log.info(
                    "duplicate delivery skipped", extra={"kind": pending.kind, "keys": pending.claim_keys}
                )
            else:
                written += 1
        return written

    def _failed(self, batch: list[Pending], exc: Exception) -> None:
        if not batch:
            return
        log.error("could not queue requests", extra={"requests": len(batch), "error": str(exc)})
        for pending in batch:
            try:
                pending.on_failure()
            except Exception:  # noqa: BLE001 - nowhere left to tell the user
                log.exception("could not tell the user that the database is down")


# Request fields never stored with a job: Slack's legacy verification token is a credential.
UNSTORED_FIELDS = frozenset({"token"})


def job_payload(body: dict[str, Any], context: Any) -> dict[str, Any]:
    """What a worker needs to answer the request: the request body (without credentials) and the bot's
    own user id."""
    bot_user_id = context.get("bot_user_id") if context is not None else None
    kept = {key: value for key, value in body.items() if key not in UNSTORED_FIELDS}
    return {"body": kept, "bot_user_id": bot_user_id}


def ack_then_queue(
    ack_fn: AckFunction,
    kind: str,
    submitter: JobSubmitter,
    *,
    claim_keys: ClaimKeys | None = None,
    wanted: Callable[[dict[str, Any]], bool] | None = None,
) -> Callable[..., None]:
    """A listener that acks with `ack_fn(ack, body)`, then submits the request as a job of `kind`:
    claimed under `claim_keys(body)` (a redelivered event queues nothing), and only if `wanted(body)`
    (the ack alone answers the rest, such as `/newsbot help`)."""

    def listener(
        ack: Any, body: dict[str, Any], context: Any, client: Any, respond: Any, logger: logging.Logger
    ) -> None:
        ack_fn(ack, body)
        if wanted is not None and not wanted(body):
            return
        try:
            workspace = workspace_of(body)
        except NoWorkspace:  # only Socket Mode gets here: over HTTP, `handlers.guard` refused it
            logger.warning("request without a workspace not queued", extra={"kind": kind})
            return
        submitter.submit(
            Pending(
                workspace,
                kind,
                job_payload(body, context),
                claim_keys(body) if claim_keys is not None else [],
                partial(tell_queue_failure, body, client, respond, logger),
            )
        )

    listener.__name__ = f"ack_and_queue_{kind}"
    return listener


def tell_queue_failure(body: dict[str, Any], client: Any, respond: Any, logger: logging.Logger) -> None:
    """The database is down: the user hears it now rather than waiting for an answer that never comes."""
    if not tell_requester(client, respond, body, notice(DATABASE_DOWN)):
        logger.warning("database down and no way to tell the user", extra={"keys": sorted(body)[:10]})
