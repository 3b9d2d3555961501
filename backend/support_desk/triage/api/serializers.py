"""Shapes of the classify endpoint, and of the taxonomy's labels."""

from __future__ import annotations

from rest_framework import serializers

from support_desk.core.strict_input import StrictCharField
from support_desk.triage.taxonomy import TRIAGE_SOURCE_CHOICES, category_choices, priority_choices

CLASSIFY_MAX_LENGTH = 5000
_NO_SUGGESTION_HELP = (
    "Null when no classifier answered (source is null) or the local model was not confident enough "
    "to suggest one."
)


class ClassifySerializer(serializers.Serializer[object]):
    description = StrictCharField(max_length=CLASSIFY_MAX_LENGTH)


class ClassifyResponseSerializer(serializers.Serializer[object]):
    suggested_category = serializers.ChoiceField(
        choices=category_choices(),
        allow_null=True,
        help_text=_NO_SUGGESTION_HELP,
    )
    suggested_priority = serializers.ChoiceField(
        choices=priority_choices(),
        allow_null=True,
        help_text=_NO_SUGGESTION_HELP,
    )
    llm_available = serializers.BooleanField()
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field, not Field.source
        choices=TRIAGE_SOURCE_CHOICES, allow_null=True
    )
    confidence = serializers.FloatField(
        allow_null=True,
        min_value=0,
        max_value=1,
        help_text="Calibrated probability of the most likely category, also when it was not suggested.",
    )
    priority_confidence = serializers.FloatField(
        allow_null=True,
        min_value=0,
        max_value=1,
        help_text="Calibrated probability of the most likely priority, also when it was not suggested.",
    )


class LabelSerializer(serializers.Serializer[object]):
    value = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()


class SourceLabelSerializer(serializers.Serializer[object]):
    value = serializers.ChoiceField(choices=TRIAGE_SOURCE_CHOICES)
    title = serializers.CharField(help_text="How the web app names the source.")
