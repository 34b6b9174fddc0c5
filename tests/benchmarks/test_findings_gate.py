"""Quality gate for findings: precision, recall and corroboration recall on the labelled real-news pairs
(`benchmarks/data/findings/`) must not fall below the floors pinned in `benchmarks/baseline.json`.

The floors are raised as the comparison improves; lowering one is an explicit, visible change to that file.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.findings_labelled import PAIRS, evaluate, load_items
from tests.conftest import ROOT

BASELINE = ROOT / "benchmarks" / "baseline.json"
GATED = {
    "findings.precision": "precision",
    "findings.recall": "recall",
    "findings.recall_stored": "recall_stored",
    "findings.corroboration_recall": "corroboration_recall",
}


def floor(key: str, path=BASELINE) -> float:
    """The pinned floor; a missing key fails the gate instead of passing it."""
    baseline = json.loads(path.read_text(encoding="utf-8"))
    if key not in baseline:
        pytest.fail(f"{path.name} has no floor for {key!r}: pin one (today's measured value)")
    return float(baseline[key])


@pytest.fixture(scope="module")
def measured() -> dict:
    result, _ = evaluate()
    return result


def test_findings_labelled_set_is_the_one_described():
    items = load_items(PAIRS)
    labels = [item["label"] for item in items]
    assert len({item["id"] for item in items}) == len(items)
    assert labels.count("conflict") >= 50
    assert labels.count("corroboration") >= 20
    assert len(items) - labels.count("conflict") - labels.count("corroboration") >= 150
    for item in items:
        for side in ("a", "b"):
            span = " ".join(item[f"{side}_span"].split())
            assert span[:50] in " ".join(item[side]["text"].split()), (item["id"], side)


def test_findings_gate_missing_floor_fails(tmp_path):
    partial = tmp_path / "baseline.json"
    partial.write_text(json.dumps({"findings.precision": 0.5}), encoding="utf-8")
    assert floor("findings.precision", partial) == 0.5
    with pytest.raises(pytest.fail.Exception, match="no floor for 'findings.recall'"):
        floor("findings.recall", partial)


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(GATED))
def test_findings_quality_not_below_floor(measured, key):
    value = measured[GATED[key]]
    assert value >= floor(key), f"{key} = {value:.3f}, below the floor {floor(key):.3f} in {BASELINE.name}"
