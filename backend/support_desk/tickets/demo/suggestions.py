"""Local-model suggestions for the newest demo tickets, so the dashboard can show whether the
suggestions match what the team decided."""

from __future__ import annotations

import logging

from support_desk.tickets.models import Ticket
from support_desk.triage.local import default_provider, ticket_text
from support_desk.triage.taxonomy import SuggestionSource

logger = logging.getLogger(__name__)


def add_demo_suggestions(*, using: str, limit: int = 400) -> int:
    """Store the local model's suggestion on the newest `limit` tickets; returns how many."""
    tickets = list(Ticket.objects.using(using).order_by("-created_at")[:limit])
    if not tickets:
        return 0
    try:
        model = default_provider().get()
        predictions = model.predict_many([ticket_text(t.title, t.description) for t in tickets])
    except Exception:
        logger.exception("demo suggestions skipped: the local model is unavailable")
        return 0
    for ticket, prediction in zip(tickets, predictions, strict=True):
        ticket.suggested_category = prediction.suggested_category
        ticket.suggested_priority = prediction.suggested_priority
        ticket.suggestion_source = SuggestionSource.LOCAL
        ticket.suggestion_confidence = round(prediction.category_confidence, 4)
        ticket.suggestion_model_version = prediction.model_version
    fields = [
        "suggested_category",
        "suggested_priority",
        "suggestion_source",
        "suggestion_confidence",
        "suggestion_model_version",
    ]
    Ticket.objects.using(using).bulk_update(tickets, fields, batch_size=500)
    return len(tickets)
