"""`POST /api/tickets/bulk/`: one change to many tickets, each through the ticket services."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.accounts.models import STAFF_ROLES, User
from support_desk.accounts.permissions import IsAgent
from support_desk.core.strict_input import (
    FlatListField,
    StrictCharField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
)
from support_desk.tickets import services
from support_desk.tickets.enums import MAX_TAGS_PER_TICKET, TAG_MAX_LENGTH, Status
from support_desk.triage.taxonomy import priority_choices

MAX_BULK_TICKETS = 200


def _tag_list(help_text: str) -> serializers.ListField:
    return FlatListField(
        child=StrictCharField(max_length=TAG_MAX_LENGTH),
        max_length=MAX_TAGS_PER_TICKET,
        required=False,
        help_text=help_text,
    )


class BulkChangesSerializer(serializers.Serializer[object]):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    priority = serializers.ChoiceField(choices=priority_choices(), required=False)
    assignee_id = StrictPrimaryKeyRelatedField(
        source="assignee",
        queryset=User.objects.filter(role__in=STAFF_ROLES, is_active=True),
        allow_null=True,
        required=False,
        help_text="Assign every ticket to this agent (null to unassign).",
    )
    add_tags = _tag_list("Tags to put on every ticket.")
    remove_tags = _tag_list("Tags to take off every ticket.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Name at least one change.")
        return attrs


def _flattened(detail: Any, prefix: str = "") -> dict[str, Any]:
    """Nested field errors as one level of dotted names (`changes.status`), the API's one shape."""
    if not isinstance(detail, dict):
        return {prefix: detail}
    flat: dict[str, Any] = {}
    for name, inner in detail.items():
        flat.update(_flattened(inner, f"{prefix}.{name}" if prefix else str(name)))
    return flat


class BulkRequestSerializer(serializers.Serializer[object]):
    ids = FlatListField(
        child=StrictIntegerField(min_value=1),
        min_length=1,
        max_length=MAX_BULK_TICKETS,
        help_text=f"The tickets to change (at most {MAX_BULK_TICKETS}).",
    )
    changes = BulkChangesSerializer()

    def run_validation(self, data: Any = serializers.empty) -> Any:
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(_flattened(error.detail)) from None


class BulkErrorSerializer(serializers.Serializer[object]):
    detail = serializers.CharField()
    code = serializers.CharField()


class BulkResultSerializer(serializers.Serializer[object]):
    id = serializers.IntegerField()
    ok = serializers.BooleanField()
    version = serializers.IntegerField(allow_null=True, help_text="The ticket's new version when changed.")
    error = BulkErrorSerializer(allow_null=True, help_text="Why this ticket was not changed.")


class BulkResponseSerializer(serializers.Serializer[object]):
    results = BulkResultSerializer(many=True)
    changed = serializers.IntegerField()
    failed = serializers.IntegerField()


class TicketBulkView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        request=BulkRequestSerializer,
        responses=BulkResponseSerializer,
        summary="Change status, priority, assignee or tags of several tickets (agents)",
    )
    def post(self, request: Request) -> Response:
        payload = BulkRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data["changes"])
        add_tags = changes.pop("add_tags", [])
        remove_tags = changes.pop("remove_tags", [])
        user = request.user
        assert isinstance(user, User)
        results = services.tickets_bulk_update(
            ticket_ids=payload.validated_data["ids"],
            changes=changes,
            actor=user,
            add_tags=add_tags,
            remove_tags=remove_tags,
        )
        body = {
            "results": [asdict(result) for result in results],
            "changed": sum(result.ok for result in results),
            "failed": sum(not result.ok for result in results),
        }
        return Response(BulkResponseSerializer(body).data)
