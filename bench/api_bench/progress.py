"""Progress lines on stderr: stdout carries only the finished Markdown report."""

from __future__ import annotations

import sys


def log(message: str) -> None:
    """One progress line, flushed at once: a run takes minutes and each step should show."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)
