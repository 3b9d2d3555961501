"""What the run's figures depend on besides the code: the machine, its load and PostgreSQL's settings."""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path
from typing import Any

import psycopg


def load_average() -> list[str]:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg spells them."""
    return Path("/proc/loadavg").read_text().split()[:3]


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def _ram_kb() -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    return 0


def _show(conn: psycopg.Connection[Any], name: str) -> str:
    row = conn.execute(f"SHOW {name}").fetchone()
    assert row is not None
    return str(row[0])


def machine_description(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    """The machine and the PostgreSQL server the run measured, for the report's header."""
    settings = {
        name: _show(conn, name)
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "max_connections")
    }
    return {
        # Other work on the machine shows here; compare ratios, not absolute times, across runs.
        "load_average_at_start": load_average(),
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": round(_ram_kb() / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": _show(conn, "server_version"),
        "postgresql_settings": settings,
    }
