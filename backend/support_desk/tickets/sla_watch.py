"""The service-level watch: a Celery beat job that records warnings (at 80% of a target) and
breaches on the tickets they fall due on. Each ticket stores when it must next be looked at
(`sla_check_at`, indexed), so a run reads only the tickets with something due."""

from __future__ import annotations

import logging
from datetime import datetime

from celery import shared_task
from django.utils import timezone

from support_desk.core.jobs import RecordedTask
from support_desk.tickets import services
from support_desk.tickets.models import Ticket

logger = logging.getLogger(__name__)

BATCH = 500


def sla_watch_run(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Record every warning and breach due by `now`; returns how many were recorded."""
    now = now or timezone.now()
    recorded = 0
    seen: set[int] = set()
    while True:
        due_ids = list(
            Ticket.objects.filter(sla_check_at__lte=now)
            .exclude(pk__in=seen)
            .order_by("sla_check_at")
            .values_list("pk", flat=True)[:batch]
        )
        if not due_ids:
            break
        for ticket_id in due_ids:
            seen.add(ticket_id)
            recorded += len(services.ticket_record_sla_alerts(ticket_id=ticket_id, now=now))
    if recorded:
        logger.info("service-level alerts recorded", extra={"alerts": recorded, "tickets": len(seen)})
    return recorded


@shared_task(base=RecordedTask, name="tickets.sla_watch", max_retries=0)
def sla_watch() -> int:
    """The beat entry (every minute, see CELERY_BEAT_SCHEDULE in the settings)."""
    return sla_watch_run()
