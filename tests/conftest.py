"""Shared fixtures. Only this file holds fixtures used across test modules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model, loaded once for the whole run."""
    from bot.nlp import load_nlp
    from bot.settings import Settings

    return load_nlp(Settings().spacy_model)


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Raw seed files by name, exactly as scraped."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
