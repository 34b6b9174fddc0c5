"""The time and memory budget of one analysis (`NEWSBOT_ANALYSIS_SECONDS`, `NEWSBOT_ANALYSIS_MEMORY_MB`).

Input size alone does not bound the work: within the 1 MB limit, some texts once took minutes and
gigabytes (`benchmarks/worst_case.py`). An analysis therefore runs against a budget: wall time spent in
cleaning, parsing, extraction and comparison, and growth of the process's resident memory. Past either,
`BudgetExceeded` (an `InputError`: the user gets its one line) is raised, before the store's transaction
commits, so nothing of the article is stored.

Enforcement: in the main thread (the CLI, `newsbot worker`, the worker under `newsbot serve`) a timer
signal checks the budget every `TICK_SECONDS` and raises inside whatever is running; once over, it keeps
raising at every tick, so a library's broad `except Exception` cannot swallow it for good. Elsewhere
(a thread) only the checkpoints between stages (`Budget.check`) enforce it.
"""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from types import FrameType

from bot.ingest import InputError

TICK_SECONDS = 0.1
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class BudgetExceeded(InputError):
    """An analysis ran past its time or memory budget; nothing of it was stored."""

    def __init__(self, source: str, limit: str) -> None:
        super().__init__(
            source,
            f"too long or too complex to analyze within {limit}; nothing was stored. "
            "A shorter excerpt will work.",
        )


def resident_bytes() -> int:
    """The process's resident memory now (Linux), else its peak so far."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Budget:
    """What one analysis may still spend. `running()` blocks count against it; `check()` raises if over."""

    def __init__(self, source: str, seconds: float, memory_mb: int) -> None:
        self.source = source
        self.seconds = seconds
        self.memory_bytes = memory_mb * 1024 * 1024
        self.spent = 0.0
        self._since: float | None = None
        self._base = resident_bytes()
        self._over: str | None = None

    def scaled(self, factor: int) -> Budget:
        """A budget `factor` times this one's time, for a batch of that many articles parsed together."""
        return Budget(self.source, self.seconds * factor, self.memory_bytes * factor // (1024 * 1024))

    def elapsed(self) -> float:
        running = time.monotonic() - self._since if self._since is not None else 0.0
        return self.spent + running

    def check(self) -> None:
        """Raise `BudgetExceeded` if the time or memory budget is spent."""
        if self._over is None:
            if self.elapsed() > self.seconds:
                self._over = f"{self.seconds:g} s"
            elif resident_bytes() - self._base > self.memory_bytes:
                self._over = f"{self.memory_bytes // (1024 * 1024)} MB of memory"
        if self._over is not None:
            raise BudgetExceeded(self.source, self._over)

    def running(self) -> _Running:
        """A `with` block whose time counts against the budget, stopped there when it runs over."""
        return _Running(self)


class _Running:
    """`Budget.running()`: arms the tick on entry, disarms it first thing on exit.

    The tick never raises while this object's `__exit__` runs (it looks at the interrupted frame), so
    the timer is always disarmed and nothing raises after the block has ended."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.previous: object = None
        self.armed = False

    def __enter__(self) -> Budget:
        budget = self.budget
        budget.check()
        budget._since = time.monotonic()
        self.armed = _can_arm()
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, self._tick)
            signal.setitimer(signal.ITIMER_REAL, TICK_SECONDS, TICK_SECONDS)
        return budget

    def __exit__(self, kind: object, exc: object, traceback: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0.0, 0.0)
            signal.signal(signal.SIGALRM, self.previous)  # type: ignore[arg-type]
            self.armed = False
        budget = self.budget
        budget.spent = budget.elapsed()
        budget._since = None
        if kind is None:
            budget.check()

    def _tick(self, signum: int, frame: FrameType | None) -> None:
        if not self.armed or (frame is not None and frame.f_code is _EXIT_CODE):
            return
        self.budget.check()


_EXIT_CODE = _Running.__exit__.__code__


def _can_arm() -> bool:
    """A timer signal only works in the main thread, and only if nobody else's timer is running."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return False
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
