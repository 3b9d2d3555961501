"""The time source of incident grouping, injectable so tests control it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return timezone.now()
