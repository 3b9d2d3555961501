"""A controllable monotonic clock for code that takes ``clock=`` (breakers, caches)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FakeClock:
    """A monotonic clock that only moves when a test says so."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
