"""A small thread-safe LRU cache with a time-to-live, for recent model answers.

Re-submitted or duplicated tickets are common (a customer writes twice, a form is posted
again); answering those from memory saves a round trip and keeps suggestions stable.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


def cache_key(redacted_text: str) -> str:
    """Key for a ticket: its redacted text, case- and whitespace-normalised, hashed.

    Hashing keeps the cache's memory bounded by entry count rather than ticket length.
    """
    normalised = " ".join(redacted_text.casefold().split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class TTLCache(Generic[V]):
    """At most ``max_entries`` values, each forgotten ``ttl_seconds`` after it was stored."""

    def __init__(self, max_entries: int, ttl_seconds: float, *, clock: Callable[[], float]) -> None:
        self._max = max_entries
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, V]] = OrderedDict()

    def get(self, key: str) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored_at, value = entry
            if self._clock() - stored_at >= self._ttl:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: str, value: V) -> None:
        if self._max <= 0:
            return
        with self._lock:
            self._entries[key] = (self._clock(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
