"""Background jobs: retried with backoff, and recorded when they fail for good."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from celery import Task
from django.conf import settings

logger = logging.getLogger(__name__)


class RecordedTask(Task):
    """A task retried with exponential backoff; its final failure is stored in FailedJob."""

    autoretry_for = (Exception,)
    retry_backoff = settings.JOB_RETRY_BACKOFF_SECONDS
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = settings.JOB_MAX_RETRIES

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
