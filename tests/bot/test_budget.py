"""`bot.budget`: the timer stops runaway work in the main thread, checkpoints elsewhere, and nothing
raises once a block has ended."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from bot.budget import Budget, BudgetExceeded


def spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_budget_stops_a_busy_block_soon_after_its_time() -> None:
    budget = Budget("paste", seconds=0.3, memory_mb=10_000)
    started = time.monotonic()
    with pytest.raises(BudgetExceeded) as info, budget.running():
        spin(5)
    assert time.monotonic() - started < 1.0
    assert "within 0.3 s" in str(info.value) and "nothing was stored" in str(info.value)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_budget_is_not_swallowed_by_a_broad_except() -> None:
    budget = Budget("paste", seconds=0.2, memory_mb=10_000)
    swallowed = 0
    with pytest.raises(BudgetExceeded), budget.running():
        for _ in range(50):
            try:
                spin(0.2)
            except Exception:  # noqa: BLE001 - what a careless library might do
                swallowed += 1
    assert swallowed >= 1


def test_budget_counts_only_running_blocks_and_nothing_fires_after() -> None:
    budget = Budget("paste", seconds=0.5, memory_mb=10_000)
    with budget.running():
        spin(0.2)
    time.sleep(0.5)  # outside any block: neither counted nor interrupted
    with budget.running():
        spin(0.1)
    assert 0.25 < budget.elapsed() < 0.5
    with pytest.raises(BudgetExceeded), budget.running():
        spin(2)
    spin(0.3)  # the timer is off: no late exception here


def test_budget_memory_growth_is_refused() -> None:
    budget = Budget("paste", seconds=60, memory_mb=50)
    with pytest.raises(BudgetExceeded) as info, budget.running():
        hoard = [bytearray(10 * 1024 * 1024) for _ in range(20)]
        spin(0.3)
        del hoard
    assert "50 MB of memory" in str(info.value)


def test_budget_in_a_thread_is_enforced_at_checkpoints() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        budget = Budget("paste", seconds=0.1, memory_mb=10_000)
        try:
            with budget.running():
                spin(0.3)  # no timer in a thread: runs to the end of the block
        except BudgetExceeded as exc:
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    assert len(errors) == 1
