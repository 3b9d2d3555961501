"""Running a write again when PostgreSQL chose it as a deadlock's victim.

Writes that touch several tickets (marking a duplicate, merging, answering an incident) take
their row locks in one order, but two of them can still meet on shared rows (the statistics
counters) in different orders. PostgreSQL then aborts one transaction; that one is safe to run
again from the start, since nothing of it was committed and its on-commit work was dropped.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, transaction

logger = logging.getLogger(__name__)

DEADLOCK_DETECTED = "40P01"
ATTEMPTS = 3

P = ParamSpec("P")
R = TypeVar("R")


def is_deadlock(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED


def retry_on_deadlock(write: Callable[P, R]) -> Callable[P, R]:
    """Run `write` up to three times when it is a deadlock's victim. Inside a caller's
    transaction it runs once: only the outermost transaction can be retried."""

    @functools.wraps(write)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if transaction.get_connection().in_atomic_block:
            return write(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return write(*args, **kwargs)
            except OperationalError as error:
                if not is_deadlock(error) or attempt == ATTEMPTS:
                    raise
                logger.warning("deadlock; running the write again", extra={"write": write.__name__})
        raise AssertionError("unreachable")

    return run
