"""Analysis in a separate worker process, so CPU-bound parsing never holds the server's GIL.

In one process, spaCy parsing held the interpreter lock while request threads waited to ack; acks were
2.4x (p50) and 3.0x (p99) slower than a bare Bolt app (`benchmarks/slack_ack.py`, 200 commands, 20
clients); with analyses in this worker, 1.45x and 2.6x on the same 2-core machine.
`ProcessAnalyzer` keeps the `AnalyzerLike` interface but runs every analyzer call in one spawned
worker that loads the model once. The server process keeps its own `Store` for the digest, dismissals
and the Home tab. Exceptions cross the process boundary as plain data (some of ours do not
pickle) and are raised again here as the same kinds, so users still get one short line.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from bot.ingest import InputError
from bot.settings import Settings
from bot.store.repository import DatabaseUnavailable

if TYPE_CHECKING:
    from bot.models import Report
    from bot.pipeline import Analyzer
    from bot.store import Store

# One worker: analyses are serialized anyway, and each worker holds its own copy of the model.
ANALYSIS_PROCESSES = 1
# The worker's scheduling priority (os.nice increment): where cores are few, the OS runs the server's
# request threads first, so an ack never waits for a parse (an analysis may finish a little later).
WORKER_NICENESS = 10

log = logging.getLogger("newsbot.slack.analysis")

_worker_analyzer: Analyzer | None = None  # the analyzer inside the worker process

Outcome = tuple[str, Any]


class AnalysisCrashed(RuntimeError):
    """The worker process died (or the call failed there); the worker is restarted for the next call."""


# --- inside the worker ---------------------------------------------------------------------------


def init_worker(settings: Settings) -> None:
    """Worker start: logging like the server's, and one analyzer for the worker's lifetime."""
    global _worker_analyzer
    from bot.logs import setup_logging
    from bot.pipeline import Analyzer

    setup_logging(settings.log_level)
    with contextlib.suppress(OSError, AttributeError):  # not on every platform
        os.nice(WORKER_NICENESS)
    _worker_analyzer = Analyzer(settings)


def call_in_worker(method: str, args: tuple, kwargs: dict[str, Any]) -> Outcome:
    """Run one analyzer method; failures come back as `(kind, details)` data instead of exceptions."""
    assert _worker_analyzer is not None, "init_worker did not run"
    try:
        return "ok", getattr(_worker_analyzer, method)(*args, **kwargs)
    except InputError as exc:
        return "input", (exc.source, exc.problem)
    except DatabaseUnavailable as exc:
        return "database", str(exc)
    except Exception:  # noqa: BLE001 - logged here with its traceback; the server only needs the fact
        logging.getLogger("newsbot.analysis").exception("analysis failed", extra={"method": method})
        return "error", method


def warm_worker() -> Outcome:
    """Load the model and open the database now rather than on the first request."""
    assert _worker_analyzer is not None, "init_worker did not run"
    _worker_analyzer.store  # noqa: B018
    _worker_analyzer.nlp  # noqa: B018
    return "ok", None


def raise_outcome(outcome: Outcome) -> Any:
    """The value of a worker call, or the exception it stands for."""
    kind, value = outcome
    if kind == "ok":
        return value
    if kind == "input":
        raise InputError(*value)
    if kind == "database":
        raise DatabaseUnavailable(value)
    raise AnalysisCrashed(f"{value} failed in the analysis process (see its log)")


# --- in the server -------------------------------------------------------------------------------


class ProcessAnalyzer:
    """`AnalyzerLike` whose work runs in a spawned worker process; restarts the worker if it dies."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            from bot.store import Store

            self._store = Store.open(self.settings.database_url)
        return self._store

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=ANALYSIS_PROCESSES,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=init_worker,
                    initargs=(self.settings,),
                )
            return self._pool

    def _submit(self, fn: Any, *args: Any) -> Any:
        pool = self._executor()
        try:
            return raise_outcome(pool.submit(fn, *args).result())
        except BrokenProcessPool as exc:
            log.error("analysis process died; restarting it", extra={"error": str(exc)})
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise AnalysisCrashed("the analysis process died") from exc

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._submit(call_in_worker, method, args, kwargs)

    def warm(self) -> None:
        """Start the worker and load its model before the first request."""
        self._submit(warm_worker)

    def analyze_message(self, text: str, *, workspace: str, source: str) -> list[Report]:
        return self._call("analyze_message", text, workspace=workspace, source=source)

    def search(self, workspace: str, query: str) -> list[dict]:
        return self._call("search", workspace, query)

    def add_alias(self, workspace: str, variant: str, canonical: str, user_id: str | None = None) -> None:
        self._call("add_alias", workspace, variant, canonical, user_id)

    def close(self) -> None:
        """Stop the worker (waiting for a running analysis) and close the server's database handle."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if self._store is not None:
            self._store.close()
