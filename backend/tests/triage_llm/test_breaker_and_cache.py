"""The circuit breaker and the TTL cache on their own, with an injectable clock."""

from __future__ import annotations

import threading

from support_desk.triage.llm import BreakerState, CircuitBreaker
from support_desk.triage.llm.cache import TTLCache, cache_key
from tests.fakes.clock import FakeClock


def test_breaker_opens_after_consecutive_failures_and_recovers(clock: FakeClock) -> None:
    changes: list[tuple[BreakerState, BreakerState]] = []
    breaker = CircuitBreaker(3, 30, clock=clock, on_change=lambda old, new: changes.append((old, new)))
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    breaker.record_success()  # a success in between resets the count
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    assert breaker.is_open
    assert not breaker.allow()
    clock.advance(29.9)
    assert not breaker.allow()
    clock.advance(0.2)
    assert not breaker.is_open  # cool-down over: the next call may try
    assert breaker.allow()  # the half-open trial
    assert breaker.state is BreakerState.HALF_OPEN
    assert not breaker.allow()  # only one trial at a time
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.allow()
    assert changes == [
        (BreakerState.CLOSED, BreakerState.OPEN),
        (BreakerState.OPEN, BreakerState.HALF_OPEN),
        (BreakerState.HALF_OPEN, BreakerState.CLOSED),
    ]


def test_failed_trial_reopens_for_a_full_cool_down(clock: FakeClock) -> None:
    breaker = CircuitBreaker(1, 10, clock=clock)
    breaker.record_failure()
    clock.advance(10)
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.advance(9)
    assert not breaker.allow()
    clock.advance(1)
    assert breaker.allow()


def test_half_open_admits_exactly_one_of_many_threads(clock: FakeClock) -> None:
    breaker = CircuitBreaker(1, 5, clock=clock)
    breaker.record_failure()
    clock.advance(5)
    start = threading.Barrier(16)
    admitted: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        start.wait()
        allowed = breaker.allow()
        with lock:
            admitted.append(allowed)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert admitted.count(True) == 1


def test_cache_is_lru_bounded_with_ttl(clock: FakeClock) -> None:
    cache: TTLCache[str] = TTLCache(2, 60, clock=clock)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # "a" is now the most recent
    cache.put("c", "C")  # evicts "b", the least recently used
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c"), len(cache)) == ("A", "C", 2)
    clock.advance(60)
    assert cache.get("a") is None


def test_zero_sized_cache_stores_nothing(clock: FakeClock) -> None:
    cache: TTLCache[str] = TTLCache(0, 60, clock=clock)
    cache.put("a", "A")
    assert cache.get("a") is None


def test_cache_key_ignores_case_and_whitespace() -> None:
    assert cache_key("  Printer   IS\non fire ") == cache_key("printer is on fire")
    assert cache_key("printer is on fire") != cache_key("printer is on ice")
