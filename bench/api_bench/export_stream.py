"""The CSV export of every ticket, streamed once: rows per second, and the gunicorn worker's
peak memory while it streams (sampled from /proc), against its memory before."""

from __future__ import annotations

import http.client
import threading
import time
from typing import Any

from .memory import memory_of, process_tree
from .progress import log

EXPORT_PATH = "/api/tickets/export.csv"
CHUNK = 1 << 16
SAMPLE_SECONDS = 0.1


def _largest_worker_rss_mb(master_pid: int) -> float:
    """The largest RSS among the master's worker processes (the one streaming the file)."""
    sizes = memory_of(master_pid)["per_process_rss_mb"]
    return max(sizes[1:] or sizes)


def measure_export(*, port: int, token: str, master_pid: int, timeout: float = 3600) -> dict[str, Any]:
    """Download the whole export, counting rows; sample the workers' memory meanwhile."""
    before = _largest_worker_rss_mb(master_pid)
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_SECONDS):
            try:
                peak[0] = max(peak[0], _largest_worker_rss_mb(master_pid))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    log(f"streaming {EXPORT_PATH}")
    started = time.monotonic()
    lines = 0
    size = 0
    first_byte_ms = None
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", EXPORT_PATH, headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        status = response.status
        while chunk := response.read(CHUNK):
            if first_byte_ms is None:
                first_byte_ms = round((time.monotonic() - started) * 1000, 1)
            lines += chunk.count(b"\n")
            size += len(chunk)
    finally:
        conn.close()
        done.set()
        sampler.join()
    seconds = time.monotonic() - started
    rows = max(0, lines - 1)  # the header line
    result = {
        "status": status,
        "rows": rows,
        "megabytes": round(size / 1e6, 1),
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds) if seconds else None,
        "first_byte_ms": first_byte_ms,
        "worker_rss_mb_before": before,
        "worker_rss_mb_peak": peak[0],
        "server_processes": len(process_tree(master_pid)),
    }
    log(f"export: {rows} rows in {result['seconds']} s ({result['rows_per_s']} rows/s)")
    log(f"export: the worker's peak RSS {peak[0]} MB (before: {before} MB)")
    return result
