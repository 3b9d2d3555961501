"""The Celery worker's memory: after start-up, at its peak during one job, and after it.

The worker loads the triage models while it boots, and a retraining can grow it far more; the
target is that one worker fits in 300 MB.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .memory import memory_of
from .processes import celery_worker, log_tail

WORKER_TARGET_MB = 300
# Jobs the worker can be given: the one after every ticket's creation, or a full retraining.
WORKER_TASKS = {
    "triage": ("triage.triage_ticket", "triage one ticket (loads the local model)"),
    "retrain": ("triage.retrain_local_model", "retrain the local model (empty embedding cache)"),
}


def task_outcome(worker_log: str, task_name: str) -> str | None:
    """How the job ended, from the worker's log (None while it runs)."""
    for line in worker_log.splitlines():
        if f"{task_name}[" not in line:
            continue
        if "succeeded in" in line:
            return "succeeded"
        if "raised" in line or "Retry in" in line:
            return "failed"
    if f"unregistered task of type '{task_name}'" in worker_log:
        return "unknown task"
    return None


def _send_task(env: dict[str, str], task_name: str, args: str, queue: str) -> None:
    """Queue the job through the broker by name, as the web app's .delay() does."""
    subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [
            sys.executable,
            "-c",
            "from support_desk.config.celery import app; "
            f"app.send_task({task_name!r}, args={args}, queue={queue!r})",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def measure_worker(
    env: dict[str, str], queue: str, var_dir: Path, task: str, ticket_id: int, timeout: float
) -> dict[str, Any]:
    """Start a worker, give it one job, and read its memory after start-up, during and after the job."""
    task_name, description = WORKER_TASKS[task]
    log_path = var_dir / "celery.log"
    result: dict[str, Any] = {"queue": queue, "pool": "solo", "task": task_name, "description": description}
    with celery_worker(env, queue, log_path) as process:
        time.sleep(1)  # "ready." is logged a moment before the worker settles
        result["after_start"] = memory_of(process.pid)
        _send_task(env, task_name, "[]" if task == "retrain" else f"[{ticket_id}]", queue)
        started = time.monotonic()
        peak = 0.0
        outcome = None
        while outcome is None:
            if process.poll() is not None:
                raise SystemExit(f"the Celery worker died:\n{log_tail(log_path)}")
            if time.monotonic() - started > timeout:
                outcome = f"still running after {timeout:.0f} s"
                break
            peak = max(peak, memory_of(process.pid)["rss_mb"])
            time.sleep(0.1)
            outcome = task_outcome(log_path.read_text(errors="replace"), task_name)
        result["task_seconds"] = round(time.monotonic() - started, 1)
        result["task_outcome"] = outcome
        result["after_task"] = memory_of(process.pid)
        result["peak_rss_mb"] = max(peak, result["after_task"]["rss_mb"], result["after_start"]["rss_mb"])
    return result


def worker_target(worker: dict[str, Any] | None) -> dict[str, Any]:
    """The verdict on the worker's peak (None when --skip-worker left it unmeasured)."""
    peak = worker["peak_rss_mb"] if worker else None
    return {
        "limit_mb": WORKER_TARGET_MB,
        "value_mb": peak,
        "met": None if peak is None else peak <= WORKER_TARGET_MB,
    }
