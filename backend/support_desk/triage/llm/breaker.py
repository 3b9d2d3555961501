"""A thread-safe circuit breaker, so a dead provider costs nothing instead of a timeout per ticket."""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"  # calls go through
    OPEN = "open"  # calls are refused until the cool-down has passed
    HALF_OPEN = "half_open"  # one trial call is in flight; its result decides


class CircuitBreaker:
    """Opens after ``failure_threshold`` consecutive failures, for ``cooldown_seconds``.

    After the cool-down the next ``allow()`` returns True once (half-open) and every other
    caller is refused until that trial reports back: a success closes the breaker, a
    failure opens it for another cool-down.
    """

    def __init__(
        self,
        failure_threshold: int,
        cooldown_seconds: float,
        *,
        clock: Callable[[], float],
        on_change: Callable[[BreakerState, BreakerState], None] | None = None,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self._threshold = failure_threshold
        self._cooldown = cooldown_seconds
        self._clock = clock
        self._on_change = on_change
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0

    @property
    def state(self) -> BreakerState:
        """The current state; OPEN only becomes HALF_OPEN when ``allow()`` lets the trial through."""
        with self._lock:
            return self._state

    @property
    def is_open(self) -> bool:
        """True while calls would be refused: open and still cooling down, or a trial in flight."""
        with self._lock:
            if self._state is BreakerState.OPEN:
                return self._clock() - self._opened_at < self._cooldown
            return self._state is BreakerState.HALF_OPEN

    @property
    def consecutive_failures(self) -> int:
        with self._lock:
            return self._failures

    def allow(self) -> bool:
        """Whether a call may go out now; in half-open, only the first caller gets True."""
        with self._lock:
            if self._state is BreakerState.CLOSED:
                return True
            if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self._cooldown:
                self._transition(BreakerState.HALF_OPEN)
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            if self._state is not BreakerState.CLOSED:
                self._transition(BreakerState.CLOSED)

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._state is BreakerState.HALF_OPEN or (
                self._state is BreakerState.CLOSED and self._failures >= self._threshold
            ):
                self._opened_at = self._clock()
                self._transition(BreakerState.OPEN)

    def _transition(self, new: BreakerState) -> None:
        # Called with the lock held; the callback only logs, so it cannot deadlock.
        old, self._state = self._state, new
        if self._on_change is not None and old is not new:
            self._on_change(old, new)
