"""Background jobs of assistance (Celery): idempotent, retried, recorded when they fail."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from support_desk.core.jobs import RecordedTask

logger = logging.getLogger(__name__)


@shared_task(base=RecordedTask, name="assist.process_ticket")
def process_ticket(ticket_id: int) -> str:
    """Embed a new or changed ticket, detect its language, group it into an incident."""
    from support_desk.assist.models import TicketEmbedding
    from support_desk.assist.processing import process_ticket_text
    from support_desk.assist.similarity_index import SNAPSHOT_EVERY

    result = process_ticket_text(ticket_id=ticket_id)
    newest = TicketEmbedding.objects.filter(ticket_id=ticket_id).values_list("id", flat=True).first()
    # Every SNAPSHOT_EVERY embeddings, a fresh snapshot, so new processes start near the top.
    if newest is not None and newest % SNAPSHOT_EVERY == 0 and settings.ASSIST_INDEX_DIR:
        save_index_snapshot.delay()
    return result


@shared_task(base=RecordedTask, name="assist.save_index_snapshot")
def save_index_snapshot() -> str:
    from support_desk.assist.similarity_index import similarity_index

    stats = similarity_index().save_snapshot()
    return f"{stats.vectors} vectors ({stats.kind})"


@shared_task(base=RecordedTask, name="assist.send_incident_notice")
def send_incident_notice(incident_id: int) -> str:
    from support_desk.assist.models import Incident
    from support_desk.assist.notices import incident_notice_send

    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        return "incident gone"
    return "sent" if incident_notice_send(incident=incident) else "not sent"
