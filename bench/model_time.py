"""In-process baseline for the classify scenario: the local triage model with no HTTP around it.

Run by bench/run.py as `python bench/model_time.py N TEXT`; prints JSON with the median and
95th percentile of `classify_text(TEXT)` in milliseconds. It is the "best possible" figure that
POST /api/tickets/classify/ is compared with, as a SQL query is for the read scenarios.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    repeats, text = int(sys.argv[1]), sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_desk.config.settings.base")
    os.environ["TRIAGE_PROVIDER"] = "local"
    import django

    django.setup()
    from support_desk.triage.engine import classify_text

    started = time.perf_counter()
    first = classify_text(text)  # loads the model: reported apart, as a cold start
    load_ms = (time.perf_counter() - started) * 1000
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        classify_text(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    json.dump(
        {
            "source": first.source,
            "first_call_ms": round(load_ms, 1),
            "p50_ms": round(timings[len(timings) // 2], 3),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
