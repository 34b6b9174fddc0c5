"""An in-process TTL cache of fetched pages, keyed by canonical URL (kept small: it may move to the DB)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

T = TypeVar("T")

# Pages kept at most; a newsroom pastes a few hundred links a day, and a page is up to 5 MB of text.
DEFAULT_MAX_ENTRIES = 128


class PageCache(Generic[T]):
    """Least-recently-used map with an age limit given at lookup time (so settings can change)."""

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self._max_entries = max_entries
        self._items: OrderedDict[str, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, max_age: float) -> T | None:
        """The value stored under `key` if younger than `max_age` seconds."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            stored_at, value = item
            if time.monotonic() - stored_at >= max_age:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key: str, value: T) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self._max_entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
