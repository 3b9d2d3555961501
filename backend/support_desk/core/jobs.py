"""Background jobs: retried with backoff, and recorded when they fail for good.

Without a broker (`CELERY_BROKER_URL` unset) a queued job runs in-process, right where it was
queued. Inside `jobs_after_response()` it runs on one background thread instead, so the
request that queued it answers without waiting for it: the public endpoints use it, so that
work which depends on who an address belongs to (looking it up, mailing a link) never shows
in their response time. With a broker nothing changes: the job goes to the queue either way.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import traceback
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from celery import Task
from celery.result import AsyncResult
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

_state = threading.local()
_executor_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


@contextlib.contextmanager
def jobs_after_response() -> Iterator[None]:
    """Within the block, a job queued without a broker runs on the background thread, after
    the caller has moved on (with a broker, jobs are queued as always)."""
    previous = getattr(_state, "detached", False)
    _state.detached = True
    try:
        yield
    finally:
        _state.detached = previous


def _background() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # One thread: jobs run one after another in the order they were queued, as a
            # single worker would run them.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="support-desk-jobs")
        return _executor


def _run_in_background(task: Task, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        task.apply(args=args, kwargs=kwargs)
    except Exception:
        logger.exception("background job failed", extra={"task": task.name})
    finally:
        # This thread outlives requests: never keep a connection open between jobs.
        connections.close_all()


def background_jobs_wait(timeout: float = 30.0) -> bool:
    """Wait until every job handed to the background thread so far has run (for tests and a
    clean shutdown); False if some were still running after `timeout` seconds."""
    marker: Future[None] = _background().submit(lambda: None)
    try:
        marker.result(timeout=timeout)
    except TimeoutError:
        return False
    return True


class RecordedTask(Task):
    """A task retried with exponential backoff; its final failure is stored in FailedJob."""

    autoretry_for = (Exception,)
    retry_backoff = settings.JOB_RETRY_BACKOFF_SECONDS
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = settings.JOB_MAX_RETRIES

    def apply_async(
        self, args: Any = None, kwargs: Any = None, task_id: str | None = None, **options: Any
    ) -> Any:
        if self.app.conf.task_always_eager and getattr(_state, "detached", False):
            _background().submit(_run_in_background, self, tuple(args or ()), dict(kwargs or {}))
            return AsyncResult(task_id or "detached", app=self.app)
        return super().apply_async(args, kwargs, task_id=task_id, **options)

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        from support_desk.core.models import FailedJob

        logger.error(
            "background job failed for good",
            extra={"task": self.name, "task_id": task_id, "error_kind": type(exc).__name__},
        )
        FailedJob.objects.create(
            task_name=self.name,
            task_id=task_id or "",
            args=list(args or []),
            kwargs=dict(kwargs or {}),
            error=f"{type(exc).__name__}: {exc}"[:2000],
            traceback="".join(traceback.format_exception(exc))[-10_000:],
        )
