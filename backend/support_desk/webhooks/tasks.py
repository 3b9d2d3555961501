"""Delivering webhooks in the background, each failed attempt retried after a growing wait.

Attempts run in lanes, one per endpoint (a thread while it has deliveries to try): a slow or
failing receiver delays only its own deliveries, never another endpoint's, and never holds a
Celery worker, so other jobs do not wait behind it either. With a broker, each attempt is a
Celery job that hands the delivery to its lane in that worker, and a retry is the job queued
again with a countdown. Without one (`make run`), the lanes run in the web process and a retry
waits on their timer. Either way the request that caused the event never waits, and the beat
job queues again a delivery whose job was lost (a broker outage, a stopped process).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections import deque
from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db import connection
from django.utils import timezone

from support_desk.webhooks.models import DeliveryState, WebhookDelivery
from support_desk.webhooks.services import deliveries_overdue, delivery_attempt

logger = logging.getLogger(__name__)


# A pending delivery this late was lost by its job; the beat job queues it again.
OVERDUE_AFTER = timedelta(minutes=10)


def _seconds_until(moment: datetime | None) -> float:
    return 0.0 if moment is None else max((moment - timezone.now()).total_seconds(), 0.0)


@shared_task(name="webhooks.deliver")
def deliver_webhook(delivery_id: int, endpoint_id: int | None = None) -> str:
    """Hand the delivery to this worker's lane for its endpoint, where the attempt runs; a
    failure that leaves it pending queues this job again for when the next attempt is due."""
    if endpoint_id is None:  # a job queued before endpoints were passed along
        endpoint_id = (
            WebhookDelivery.objects.filter(pk=delivery_id).values_list("endpoint_id", flat=True).first()
        )
        if endpoint_id is None:
            return "gone"
    _lanes.submit(delivery_id, endpoint_id=endpoint_id)
    return "in its endpoint's lane"


@shared_task(name="webhooks.requeue_overdue")
def requeue_overdue_deliveries() -> int:
    """Queue again the pending deliveries whose job was lost; how many."""
    overdue = deliveries_overdue(overdue_by=OVERDUE_AFTER)
    for delivery_id, endpoint_id in overdue:
        queue_delivery(delivery_id, endpoint_id=endpoint_id)
    return len(overdue)


class DeliveryLanes:
    """Where attempts run (each Celery worker's, or the web process's without a broker): a lane
    per endpoint (a thread while it has deliveries to try), and, without a broker, one timer
    thread that puts a delivery back in its lane when its retry is due."""

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
            try:
                queue_delivery(
                    delivery_id, endpoint_id=endpoint_id, delay=_seconds_until(delivery.next_attempt_at)
                )
            except Exception:
                # The broker is down: the delivery stays pending, and the beat job queues it again.
                logger.exception("could not queue a webhook retry", extra={"delivery_id": delivery_id})

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


def queue_delivery(delivery_id: int, *, endpoint_id: int, delay: float = 0.0) -> None:
    """Deliver in the background, now or after `delay` seconds: a Celery job, or without a
    broker the endpoint's lane in this process."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _lanes.submit(delivery_id, endpoint_id=endpoint_id, delay=delay)
    else:
        deliver_webhook.apply_async((delivery_id, endpoint_id), countdown=delay or None)
