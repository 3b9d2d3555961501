"""HTTP surface of triage: classify a text, and read the taxonomy."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from support_desk.tickets.enums import Status
from support_desk.triage.api.serializers import (
    ClassifyResponseSerializer,
    ClassifySerializer,
    TaxonomySerializer,
)
from support_desk.triage.engine import classify_text
from support_desk.triage.taxonomy import CATEGORY_LABELS, PRIORITY_LABELS


class ClassifyView(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "classify"

    @extend_schema(
        request=ClassifySerializer,
        responses=ClassifyResponseSerializer,
        summary="Suggest a category and priority for a ticket description",
    )
    def post(self, request: Request) -> Response:
        payload = ClassifySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        suggestion = classify_text(payload.validated_data["description"])
        return Response(
            ClassifyResponseSerializer(
                {
                    "suggested_category": suggestion.category,
                    "suggested_priority": suggestion.priority,
                    "llm_available": suggestion.llm_available,
                    "source": suggestion.source,
                    "confidence": suggestion.confidence,
                    "priority_confidence": suggestion.priority_confidence,
                }
            ).data
        )


class TaxonomyView(APIView):
    @extend_schema(responses=TaxonomySerializer, summary="Categories, priorities and statuses")
    def get(self, request: Request) -> Response:
        data = {
            "categories": [vars(label) for label in CATEGORY_LABELS],
            "priorities": [vars(label) for label in PRIORITY_LABELS],
            "statuses": [{"value": value, "title": title} for value, title in Status.choices],
        }
        return Response(TaxonomySerializer(data).data)
