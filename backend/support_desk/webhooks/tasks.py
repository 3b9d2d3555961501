"""Delivering webhooks in the background, each failed attempt retried after a growing wait.

With a broker, each attempt is a Celery job and a retry is the same job queued again with a
countdown: no worker waits through the backoff. Without one (`make run`), Celery would run the
job inside the request that caused the event, so deliveries go to background lanes instead,
one per endpoint: a slow or failing receiver delays only its own deliveries, and a retry waits
on a timer, not in a lane. Either way the request that caused the event never waits.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections import deque
from datetime import datetime, timedelta

from celery import Task, shared_task
from django.conf import settings
from django.db import connection
from django.utils import timezone

from support_desk.webhooks.models import DeliveryState
from support_desk.webhooks.services import deliveries_overdue, delivery_attempt

logger = logging.getLogger(__name__)


# A pending delivery this late was lost by its job; the beat job queues it again.
OVERDUE_AFTER = timedelta(minutes=10)


def _seconds_until(moment: datetime | None) -> float:
    return 0.0 if moment is None else max((moment - timezone.now()).total_seconds(), 0.0)


@shared_task(bind=True, name="webhooks.deliver", max_retries=None)
def deliver_webhook(self: Task, delivery_id: int) -> str:
    """One attempt; a failure that leaves the delivery pending queues the next attempt. The
    count of attempts is the delivery's own (a repeated job never adds one past the limit)."""
    delivery = delivery_attempt(delivery_id=delivery_id)
    if delivery is None:
        return "nothing to do"
    if delivery.state != DeliveryState.PENDING:
        return f"{delivery.state}: {delivery.error_kind or delivery.status_code}"
    raise self.retry(countdown=_seconds_until(delivery.next_attempt_at))


@shared_task(name="webhooks.requeue_overdue")
def requeue_overdue_deliveries() -> int:
    """Queue again the pending deliveries whose job was lost; how many."""
    overdue = deliveries_overdue(overdue_by=OVERDUE_AFTER)
    for delivery_id, endpoint_id in overdue:
        queue_delivery(delivery_id, endpoint_id=endpoint_id)
    return len(overdue)


class DeliveryLanes:
    """The broker-less delivery: a lane per endpoint (a thread while it has deliveries to try),
    and one timer thread that puts a delivery back in its lane when its retry is due."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._lanes: dict[int, deque[int]] = {}
        self._due: list[tuple[float, int, int, int]] = []  # (when, order, endpoint id, delivery id)
        self._order = itertools.count()
        self._timer: threading.Thread | None = None

    def submit(self, delivery_id: int, *, endpoint_id: int, delay: float = 0.0) -> None:
        """Try `delivery_id` in its endpoint's lane, now or after `delay` seconds."""
        with self._lock:
            if delay <= 0:
                self._enqueue(endpoint_id, delivery_id)
                return
            heapq.heappush(self._due, (time.monotonic() + delay, next(self._order), endpoint_id, delivery_id))
            if self._timer is None:
                self._timer = threading.Thread(target=self._run_timer, name="webhooks-timer", daemon=True)
                self._timer.start()
            self._lock.notify_all()

    def _enqueue(self, endpoint_id: int, delivery_id: int) -> None:
        lane = self._lanes.get(endpoint_id)
        if lane is not None:
            lane.append(delivery_id)
            return
        self._lanes[endpoint_id] = deque([delivery_id])
        threading.Thread(
            target=self._run_lane, args=(endpoint_id,), name=f"webhooks-endpoint-{endpoint_id}", daemon=True
        ).start()

    def _run_lane(self, endpoint_id: int) -> None:
        try:
            while True:
                with self._lock:
                    lane = self._lanes[endpoint_id]
                    if not lane:
                        del self._lanes[endpoint_id]
                        return
                    delivery_id = lane.popleft()
                self._attempt(endpoint_id, delivery_id)
        finally:
            connection.close()

    def _attempt(self, endpoint_id: int, delivery_id: int) -> None:
        try:
            delivery = delivery_attempt(delivery_id=delivery_id)
        except Exception:
            # The attempt could not be recorded (the database is down): the delivery stays pending.
            logger.exception("webhook delivery could not be recorded", extra={"delivery_id": delivery_id})
            return
        if delivery is not None and delivery.state == DeliveryState.PENDING:
            self.submit(delivery_id, endpoint_id=endpoint_id, delay=_seconds_until(delivery.next_attempt_at))

    def _run_timer(self) -> None:
        with self._lock:
            while True:
                if not self._due:
                    self._lock.wait()
                    continue
                wait = self._due[0][0] - time.monotonic()
                if wait > 0:
                    self._lock.wait(timeout=wait)
                    continue
                _, _, endpoint_id, delivery_id = heapq.heappop(self._due)
                self._enqueue(endpoint_id, delivery_id)


_lanes = DeliveryLanes()


def queue_delivery(delivery_id: int, *, endpoint_id: int) -> None:
    """Deliver in the background: a Celery job, or the endpoint's lane without a broker."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _lanes.submit(delivery_id, endpoint_id=endpoint_id)
    else:
        deliver_webhook.delay(delivery_id)
