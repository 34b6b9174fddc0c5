"""Quality gate: the semantic scorer's ROC AUC on the committed real news pairs stays at its floor."""

from __future__ import annotations

import json

import pytest

from benchmarks.similarity import load_sts, sts_quality
from bot.similarity import make_similarity
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_semantic_auc_on_sts_headlines_is_at_its_floor(capsys):
    floor = json.loads((ROOT / "benchmarks/baseline.json").read_text(encoding="utf-8"))["similarity.auc"]
    rows = load_sts()
    semantic = sts_quality(make_similarity("semantic", threads=1), rows)
    lexical = sts_quality(make_similarity("lexical"), rows)
    with capsys.disabled():
        print(
            f"\nsimilarity AUC (same claim, {len(rows)} STS headline pairs): semantic "
            f"{semantic['auc_same_claim']:.3f}, lexical {lexical['auc_same_claim']:.3f}, floor {floor}"
        )
    assert semantic["auc_same_claim"] >= floor
    assert semantic["auc_same_claim"] > lexical["auc_same_claim"]
