"""Memory of a process and its descendants, read from /proc (Linux only, as the bench machine is)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any


def _children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(item) for item in text.split()]


def process_tree(pid: int) -> list[int]:
    """`pid` and every process below it (a gunicorn master and its forked workers)."""
    pids = [pid]
    for child in _children_of(pid):
        pids.extend(process_tree(child))
    return pids


def _field_kb(path: Path, key: str) -> int:
    """A `Key: N kB` line of a /proc file, 0 when the process is gone."""
    with contextlib.suppress(OSError, ValueError):
        for line in path.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def memory_of(pid: int) -> dict[str, Any]:
    """RSS of a process and its descendants (counts shared pages once per process), and PSS
    (proportional set size: shared pages split between the processes sharing them)."""
    pids = process_tree(pid)
    rss = {p: _field_kb(Path(f"/proc/{p}/status"), "VmRSS") for p in pids}
    pss = sum(_field_kb(Path(f"/proc/{p}/smaps_rollup"), "Pss") for p in pids)
    return {
        "processes": len(pids),
        "rss_mb": round(sum(rss.values()) / 1024, 1),
        "pss_mb": round(pss / 1024, 1),
        "per_process_rss_mb": [round(value / 1024, 1) for value in rss.values()],
    }
