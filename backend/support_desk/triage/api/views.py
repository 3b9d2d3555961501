"""HTTP surface of triage: suggest labels for a text."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.core.throttles import ScopedThrottle
from support_desk.triage.api.serializers import ClassifyResponseSerializer, ClassifySerializer
from support_desk.triage.engine import classify_text


class ClassifyView(APIView):
    throttle_classes = [ScopedThrottle]
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
