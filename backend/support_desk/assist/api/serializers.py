"""Request and response shapes of the assistance API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from support_desk.assist.models import DraftSource, IncidentStatus, ReplyDraft
from support_desk.core.strict_input import StrictCharField, StrictIntegerField
from support_desk.tickets.enums import MESSAGE_MAX_LENGTH, Status


class SimilarTicketSerializer(serializers.Serializer[object]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    created_at = serializers.DateTimeField()
    score = serializers.FloatField(help_text="Cosine similarity of the two tickets' texts, -1 to 1.")
    has_public_agent_reply = serializers.BooleanField(help_text="Whether an agent answered it publicly.")


class SimilarQuerySerializer(serializers.Serializer[object]):
    limit = StrictIntegerField(required=False, min_value=1, max_value=20, default=5)


class MarkDuplicateSerializer(serializers.Serializer[object]):
    duplicate_of = StrictIntegerField(min_value=1, help_text="The ticket this one duplicates.")
    reply = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=MESSAGE_MAX_LENGTH,
        help_text="A public reply to this ticket's requester, sent before it is closed.",
    )


class MergeSerializer(serializers.Serializer[object]):
    into = StrictIntegerField(min_value=1, help_text="The ticket that receives the conversation.")


class DraftSourceTicketSerializer(serializers.Serializer[object]):
    id = serializers.IntegerField()
    title = serializers.CharField()


class DraftSerializer(serializers.ModelSerializer[ReplyDraft]):
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=DraftSource.choices,
        help_text="`llm`: written by the language model; `retrieval`: a past reply; `none`: no draft.",
    )
    sources = serializers.SerializerMethodField(help_text="The past tickets the draft drew on.")
    reason = serializers.CharField(
        source="fallback_reason",
        help_text="Why the language model's draft is not the one offered (its failure kind, "
        "`none_fits`, `nothing_similar`, `only_personal`: the similar answers were all about their "
        "customers' own details); empty otherwise.",
    )

    class Meta:
        model = ReplyDraft
        fields = ("id", "source", "body", "sources", "reason", "outcome", "created_at")
        read_only_fields = fields

    @extend_schema_field(DraftSourceTicketSerializer(many=True))
    def get_sources(self, draft: ReplyDraft) -> list[dict[str, object]]:
        titles: dict[int, str] = self.context.get("titles", {})
        return [{"id": tid, "title": titles.get(tid, "")} for tid in draft.source_ticket_ids]


class DiscardDraftSerializer(serializers.Serializer[object]):
    draft_id = StrictIntegerField(min_value=1)


class SummarySerializer(serializers.Serializer[object]):
    available = serializers.BooleanField()
    reason = serializers.CharField(
        allow_null=True,
        help_text="Why there is no summary: `no_language_model`, or the language model's failure kind.",
    )
    wants = serializers.CharField(help_text="What the customer wants.")
    tried = serializers.CharField(help_text="What was tried or asked so far.")
    pending = serializers.CharField(help_text="What is still open.")
    cached = serializers.BooleanField()
    generated_at = serializers.DateTimeField(allow_null=True)
    message_count = serializers.IntegerField()


class IncidentTicketSerializer(serializers.Serializer[object]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    created_at = serializers.DateTimeField()


class IncidentSerializer(serializers.Serializer[object]):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="The title of its most typical ticket.")
    status = serializers.ChoiceField(choices=IncidentStatus.choices)
    first_seen = serializers.DateTimeField()
    last_seen = serializers.DateTimeField()
    created_at = serializers.DateTimeField()
    notified_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    ticket_count = serializers.IntegerField()
    tickets = IncidentTicketSerializer(many=True)


class IncidentQuerySerializer(serializers.Serializer[object]):
    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)


class IncidentReplySerializer(serializers.Serializer[object]):
    body = StrictCharField(max_length=MESSAGE_MAX_LENGTH)
    resolve = serializers.BooleanField(default=False, help_text="Also resolve every ticket and the incident.")


class IncidentReplyResultSerializer(serializers.Serializer[object]):
    incident = IncidentSerializer()
    replied = serializers.ListField(child=serializers.IntegerField(), help_text="Tickets that got the reply.")
    resolved = serializers.ListField(child=serializers.IntegerField(), help_text="Tickets this resolved.")


class DraftOutcomesSerializer(serializers.Serializer[object]):
    offered = serializers.IntegerField()
    sent_unchanged = serializers.IntegerField()
    edited = serializers.IntegerField()
    discarded = serializers.IntegerField()
    pending = serializers.IntegerField()
    sent_unchanged_rate = serializers.FloatField(allow_null=True, help_text="Of the decided drafts.")
    edited_rate = serializers.FloatField(allow_null=True)
    discarded_rate = serializers.FloatField(allow_null=True)
    mean_edit_ratio = serializers.FloatField(
        allow_null=True, help_text="Mean normalised edit distance of the sent drafts (0: unchanged)."
    )


class DraftsBySourceSerializer(serializers.Serializer[object]):
    llm = DraftOutcomesSerializer()
    retrieval = DraftOutcomesSerializer()


class DraftStatsSerializer(serializers.Serializer[object]):
    total = DraftOutcomesSerializer()
    by_source = DraftsBySourceSerializer()
    no_draft = serializers.IntegerField(help_text="Draft requests where nothing fitted.")
