"""Buckets of resolution durations, about 10% wide, for finding the exact median cheaply.

Plain Python (no Django), so tools such as the benchmark can use the same buckets.
"""

from __future__ import annotations

import bisect


def _bucket_bounds() -> tuple[int, ...]:
    """Lower bounds of the duration buckets, in seconds: each about 10% above the last,
    up to beyond ten years."""
    bounds = [0]
    step = 1.0
    while bounds[-1] < 400_000_000:
        step *= 1.1
        bounds.append(max(bounds[-1] + 1, int(step)))
    return tuple(bounds)


BUCKET_BOUNDS = _bucket_bounds()


def resolution_bucket(seconds: int) -> int:
    """The bucket a duration falls in: BUCKET_BOUNDS[i] <= seconds < BUCKET_BOUNDS[i + 1]."""
    return bisect.bisect_right(BUCKET_BOUNDS, seconds) - 1


def bucket_range(index: int) -> tuple[int, int | None]:
    """The durations of one bucket: lower bound included, upper excluded (None: no upper)."""
    upper = BUCKET_BOUNDS[index + 1] if index + 1 < len(BUCKET_BOUNDS) else None
    return BUCKET_BOUNDS[index], upper
