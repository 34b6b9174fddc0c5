"""The cleaner's line-level quality on the held-out dev split of pasted web text stays above its floors.

Recomputes `benchmarks/line_quality.py` on `benchmarks/data/lines/dev.jsonl.gz` (real pages, labelled from
Zyte's human-written article bodies; see that folder's README) and compares every `lines.*` key of
`benchmarks/baseline.json`. Lowering a floor is an edit of that file.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _line_quality():
    spec = importlib.util.spec_from_file_location("line_quality", ROOT / "benchmarks" / "line_quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def measured() -> dict[str, float]:
    quality = _line_quality()
    scores, _ = quality.evaluate(quality.load_texts("dev"))
    return quality.flat_scores(scores)


FLOORS = {
    k: v
    for k, v in json.loads((ROOT / "benchmarks" / "baseline.json").read_text(encoding="utf-8")).items()
    if k.startswith("lines.")
}


def test_clean_line_quality_floors_are_pinned() -> None:
    assert {"lines.page.noise_f1", "lines.page.keep_rate", "lines.extract.keep_rate"} <= set(FLOORS)


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_clean_line_quality_at_least_the_floor(measured: dict[str, float], key: str) -> None:
    assert measured[key] >= FLOORS[key], f"{key}: {measured[key]:.3f} under the floor {FLOORS[key]}"
