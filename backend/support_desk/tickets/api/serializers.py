"""Request and response shapes of the tickets API."""

from __future__ import annotations

from collections.abc import Iterable

from rest_framework import serializers

from support_desk.tickets.enums import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH, Status
from support_desk.tickets.models import Ticket
from support_desk.triage.taxonomy import (
    CATEGORY_VALUES,
    PRIORITY_VALUES,
    category_choices,
    priority_choices,
)


class TicketSerializer(serializers.ModelSerializer[Ticket]):
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH)
    category = serializers.ChoiceField(choices=category_choices(), required=False)
    priority = serializers.ChoiceField(choices=priority_choices(), required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)

    class Meta:
        model = Ticket
        fields = (
            "id",
            "title",
            "description",
            "category",
            "priority",
            "status",
            "created_at",
            "updated_at",
            "resolved_at",
        )
        read_only_fields = ("id", "created_at", "updated_at", "resolved_at")


def _breakdown_serializer(name: str, values: Iterable[str]) -> type[serializers.Serializer[object]]:
    """A serializer with one integer per choice, so the schema names every key."""
    fields = {value: serializers.IntegerField(min_value=0) for value in values}
    return type(name, (serializers.Serializer,), fields)


PriorityBreakdownSerializer = _breakdown_serializer("PriorityBreakdown", PRIORITY_VALUES[::-1])
CategoryBreakdownSerializer = _breakdown_serializer("CategoryBreakdown", CATEGORY_VALUES)
StatusBreakdownSerializer = _breakdown_serializer("StatusBreakdown", Status.values)


class TicketStatsSerializer(serializers.Serializer[object]):
    total_tickets = serializers.IntegerField()
    open_tickets = serializers.IntegerField()
    avg_tickets_per_day = serializers.FloatField()
    priority_breakdown = PriorityBreakdownSerializer()
    category_breakdown = CategoryBreakdownSerializer()
    status_breakdown = StatusBreakdownSerializer()
    avg_resolution_hours = serializers.FloatField(allow_null=True)
    median_resolution_hours = serializers.FloatField(allow_null=True)
