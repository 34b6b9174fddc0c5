"""Fixtures shared by the comparison tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.store import Store
from tests.bot.compare.builders import open_store


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    """A fresh SQLite store for one test."""
    s = open_store(tmp_path)
    yield s
    s.close()
