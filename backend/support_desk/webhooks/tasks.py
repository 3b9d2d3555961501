"""Delivering webhooks in the background, retried with exponential backoff.

With a broker, each delivery is a Celery job. Without one (`make run`), Celery would run the
job inside the request that caused the event, so deliveries go to a small pool of background
threads instead: either way a slow or failing receiver never slows that request.
"""

from __future__ import annotations

import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor

from celery import Task, shared_task
from django.conf import settings
from django.db import close_old_connections, connection

from support_desk.webhooks.services import delivery_attempt

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The receiver did not take the delivery this time; the job is retried with backoff."""


@shared_task(
    bind=True,
    name="webhooks.deliver",
    autoretry_for=(DeliveryFailed,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
)
def deliver_webhook(self: Task, delivery_id: int) -> str:
    final = self.request.retries >= settings.WEBHOOK_MAX_ATTEMPTS - 1
    outcome = delivery_attempt(delivery_id=delivery_id, final=final)
    if outcome is None or outcome.delivered:
        return "delivered" if outcome else "nothing to do"
    if final:
        return f"failed for good: {outcome.error_kind}"
    raise DeliveryFailed(outcome.error_kind)


deliver_webhook.max_retries = None  # bounded by WEBHOOK_MAX_ATTEMPTS above, read at run time

_threads: ThreadPoolExecutor | None = None


def _background() -> ThreadPoolExecutor:
    global _threads
    if _threads is None:
        _threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="webhooks")
    return _threads


def deliver_with_retries(delivery_id: int) -> None:
    """Every attempt of one delivery, waiting longer after each failure (the broker-less path)."""
    try:
        for attempt in range(settings.WEBHOOK_MAX_ATTEMPTS):
            final = attempt == settings.WEBHOOK_MAX_ATTEMPTS - 1
            outcome = delivery_attempt(delivery_id=delivery_id, final=final)
            if outcome is None or outcome.delivered or final:
                return
            backoff = settings.JOB_RETRY_BACKOFF_SECONDS * 2**attempt
            time.sleep(min(600.0, backoff * random.uniform(0.5, 1.0)))  # noqa: S311 - jitter
    except Exception:
        logger.exception("webhook delivery crashed", extra={"delivery_id": delivery_id})
    finally:
        close_old_connections()
        connection.close()


def queue_delivery(delivery_id: int) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _background().submit(deliver_with_retries, delivery_id)
    else:
        deliver_webhook.delay(delivery_id)
