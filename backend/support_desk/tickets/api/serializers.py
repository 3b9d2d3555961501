"""Request and response shapes of the tickets API."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from support_desk.accounts.api.serializers import UserSummarySerializer
from support_desk.accounts.models import STAFF_ROLES, User
from support_desk.core.strict_input import (
    FlatListField,
    StrictCharField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
)
from support_desk.sla.clocks import TARGETS
from support_desk.tickets import sla_clocks
from support_desk.tickets.enums import (
    DESCRIPTION_MAX_LENGTH,
    MAX_TAGS_PER_TICKET,
    MESSAGE_MAX_LENGTH,
    RATING_COMMENT_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ActorKind,
    Channel,
    EventKind,
    Rating,
    Status,
)
from support_desk.tickets.models import Attachment, Ticket, TicketEvent, TicketMessage
from support_desk.tickets.selectors import ticket_tag_names
from support_desk.tickets.stats import BACKLOG_AGES
from support_desk.triage.api.serializers import LabelSerializer, SourceLabelSerializer
from support_desk.triage.taxonomy import (
    CATEGORY_VALUES,
    PRIORITY_VALUES,
    TRIAGE_SOURCE_CHOICES,
    TRIAGE_SOURCES,
    category_choices,
    priority_choices,
)


class SuggestionSerializer(serializers.Serializer[object]):
    category = serializers.ChoiceField(choices=category_choices(), allow_null=True)
    priority = serializers.ChoiceField(choices=priority_choices(), allow_null=True)
    source = serializers.ChoiceField(choices=TRIAGE_SOURCE_CHOICES)  # type: ignore[assignment]
    confidence = serializers.FloatField(allow_null=True)
    model_version = serializers.CharField(allow_null=True)


class SlaTargetSerializer(serializers.Serializer[object]):
    due = serializers.DateTimeField(help_text="When the target falls due.")
    breached = serializers.BooleanField(help_text="Reached late, or running and overdue.")
    remaining_minutes = serializers.IntegerField(
        help_text="Business minutes left (negative: overdue); frozen while paused or once reached."
    )
    state = serializers.ChoiceField(choices=[("running", "running"), ("paused", "paused"), ("done", "done")])


class SlaSerializer(serializers.Serializer[object]):
    """A ticket's service levels: each target, or null when its policy sets none (or, for the
    next response, while no customer reply awaits an answer)."""

    policy = serializers.CharField(allow_null=True, help_text="The policy's name; null: none applies.")
    paused = serializers.BooleanField(help_text="The clocks stand still (pending or resolved).")
    first_response = SlaTargetSerializer(allow_null=True)
    next_response = SlaTargetSerializer(allow_null=True)
    resolution = SlaTargetSerializer(allow_null=True)


def ticket_sla(ticket: Ticket) -> dict[str, Any]:
    """The `sla` object of one ticket, now."""
    return sla_clocks.sla_view(
        sla_clocks.clocks_of(ticket), sla_clocks.policy_of(ticket, fresh=False), now=timezone.now()
    )


class TagListField(FlatListField):
    """The ticket's tag names, sorted; written as a list of names."""

    def get_attribute(self, instance: Ticket) -> list[str]:
        return ticket_tag_names(instance)


class SatisfactionSerializer(serializers.Serializer[object]):
    """The requester's answer to "How did we do?" for the ticket's latest resolution."""

    resolution = serializers.IntegerField(help_text="Which resolution of the ticket (1 for the first).")
    rating = serializers.ChoiceField(
        choices=Rating.choices, allow_null=True, help_text="null: asked, not answered yet."
    )
    comment = serializers.CharField(allow_blank=True)
    rated_at = serializers.DateTimeField(allow_null=True)


def satisfaction_view(
    resolution_count: int, rating: str | None, comment: str, rated_at: str | None
) -> dict[str, Any] | None:
    """The `satisfaction` object of a ticket (from its columns; `rated_at` already formatted):
    null until a resolution asked its requester."""
    if not resolution_count:
        return None
    return {"resolution": resolution_count, "rating": rating, "comment": comment, "rated_at": rated_at}


class TicketSerializer(serializers.ModelSerializer[Ticket]):
    """A ticket as requesters see it; the seed's fields plus people and version."""

    title = StrictCharField(max_length=TITLE_MAX_LENGTH)
    description = StrictCharField(max_length=DESCRIPTION_MAX_LENGTH)
    category = serializers.ChoiceField(choices=category_choices(), required=False)
    priority = serializers.ChoiceField(choices=priority_choices(), required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    requester = UserSummarySerializer(read_only=True, allow_null=True)
    assignee = UserSummarySerializer(read_only=True, allow_null=True)
    version = StrictIntegerField(
        required=False,
        min_value=1,
        help_text="On PATCH: the version you edited; a stale one is refused with 409.",
    )
    channel = serializers.ChoiceField(
        choices=Channel.choices, read_only=True, help_text="Where the ticket came from."
    )
    satisfaction = serializers.SerializerMethodField(
        help_text="The requester's rating of the latest resolution; null until one asked."
    )

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
            "requester",
            "assignee",
            "version",
            "channel",
            "satisfaction",
        )
        read_only_fields = ("id", "created_at", "updated_at", "resolved_at", "channel")

    @extend_schema_field(SatisfactionSerializer(allow_null=True))
    def get_satisfaction(self, ticket: Ticket) -> dict[str, Any] | None:
        rated_at = serializers.DateTimeField().to_representation(ticket.rated_at) if ticket.rated_at else None
        return satisfaction_view(ticket.resolution_count, ticket.rating, ticket.rating_comment, rated_at)


class RequesterTicketSerializer(TicketSerializer):
    """Requesters file tickets; only agents move them through their statuses."""

    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    suggestion = serializers.SerializerMethodField(
        help_text="Triage internals are for agents: always null here."
    )
    tags = serializers.SerializerMethodField(help_text="Tags are for agents: always empty here.")
    sla = serializers.SerializerMethodField(help_text="Service levels are for agents: always null here.")
    # Assistance is for agents too: the same keys as theirs, always empty here.
    language = serializers.SerializerMethodField(help_text="For agents: always null here.")
    duplicate_of = serializers.SerializerMethodField(help_text="For agents: always null here.")
    duplicates = serializers.SerializerMethodField(help_text="For agents: always empty here.")

    class Meta(TicketSerializer.Meta):
        fields = (  # type: ignore[assignment]
            *TicketSerializer.Meta.fields,
            "suggestion",
            "tags",
            "sla",
            "language",
            "duplicate_of",
            "duplicates",
        )

    @extend_schema_field(OpenApiTypes.NONE)
    def get_suggestion(self, ticket: Ticket) -> None:
        return None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, ticket: Ticket) -> list[str]:
        return []

    @extend_schema_field(OpenApiTypes.NONE)
    def get_sla(self, ticket: Ticket) -> None:
        return None

    @extend_schema_field(OpenApiTypes.NONE)
    def get_language(self, ticket: Ticket) -> None:
        return None

    @extend_schema_field(OpenApiTypes.NONE)
    def get_duplicate_of(self, ticket: Ticket) -> None:
        return None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), max_length=0))
    def get_duplicates(self, ticket: Ticket) -> list[int]:
        return []


class AgentTicketSerializer(TicketSerializer):
    """What agents see and may write: assignment, requester, and the triage suggestion."""

    assignee_id = StrictPrimaryKeyRelatedField(
        source="assignee",
        queryset=User.objects.filter(role__in=STAFF_ROLES, is_active=True),
        allow_null=True,
        required=False,
        write_only=True,
        help_text="Assign to this agent (null to unassign).",
    )
    requester_id = StrictPrimaryKeyRelatedField(
        source="requester",
        queryset=User.objects.filter(is_active=True),
        required=False,
        write_only=True,
        help_text="On create: the customer the ticket is for (default: you).",
    )
    suggestion = serializers.SerializerMethodField()
    tags = TagListField(
        child=StrictCharField(max_length=TAG_MAX_LENGTH),
        max_length=MAX_TAGS_PER_TICKET,
        required=False,
        help_text="The ticket's tags (lower-case); on PATCH, the complete new set.",
    )
    sla = serializers.SerializerMethodField()
    language = serializers.CharField(
        read_only=True, allow_null=True, help_text="Detected from the text (ISO 639-1); null until known."
    )
    duplicate_of = serializers.PrimaryKeyRelatedField[Ticket](
        read_only=True, allow_null=True, help_text="The ticket this one duplicates (or was merged into)."
    )
    duplicates = serializers.SerializerMethodField(help_text="Tickets marked as duplicates of this one.")

    class Meta(TicketSerializer.Meta):
        fields = (  # type: ignore[assignment]
            *TicketSerializer.Meta.fields,
            "assignee_id",
            "requester_id",
            "suggestion",
            "tags",
            "sla",
            "language",
            "duplicate_of",
            "duplicates",
        )

    # Null in lists a requester reads (the list's schema is this serializer's).
    @extend_schema_field(SlaSerializer(allow_null=True))
    def get_sla(self, ticket: Ticket) -> dict[str, Any]:
        return ticket_sla(ticket)

    @extend_schema_field(SuggestionSerializer(allow_null=True))
    def get_suggestion(self, ticket: Ticket) -> dict[str, Any] | None:
        if not ticket.suggestion_source:
            return None
        return {
            "category": ticket.suggested_category,
            "priority": ticket.suggested_priority,
            "source": ticket.suggestion_source,
            "confidence": ticket.suggestion_confidence,
            "model_version": ticket.suggestion_model_version,
        }

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_duplicates(self, ticket: Ticket) -> list[int]:
        if ticket.pk is None:
            return []
        return list(ticket.duplicates.order_by("id").values_list("id", flat=True))


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    message_id = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="The message it came with; null: sent with the ticket."
    )
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = (
            "id",
            "filename",
            "content_type",
            "size",
            "is_inline",
            "message_id",
            "created_at",
            "download_url",
        )
        read_only_fields = fields

    def get_download_url(self, attachment: Attachment) -> str:
        return f"/api/tickets/{attachment.ticket_id}/attachments/{attachment.pk}/"


FILES_HELP = "Files to attach (multipart/form-data only), within MAX_ATTACHMENT_BYTES per file and in all."


def files_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.FileField(), required=False, write_only=True, help_text=FILES_HELP
    )


class MessageSerializer(serializers.ModelSerializer[TicketMessage]):
    body = StrictCharField(max_length=MESSAGE_MAX_LENGTH)
    internal = serializers.BooleanField(
        source="is_internal", default=False, help_text="An internal note, visible to agents only."
    )
    author = UserSummarySerializer(read_only=True, allow_null=True)
    channel = serializers.ChoiceField(
        choices=Channel.choices, read_only=True, help_text="Where the message came from."
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = TicketMessage
        fields = ("id", "body", "internal", "author", "created_at", "channel", "attachments")
        read_only_fields = ("id", "author", "created_at", "channel", "attachments")


class MessageUploadSerializer(MessageSerializer):
    """A reply or note with files, sent as multipart/form-data."""

    files = files_field()

    class Meta(MessageSerializer.Meta):
        fields = (*MessageSerializer.Meta.fields, "files")  # type: ignore[assignment]


class TicketUploadSerializer(AgentTicketSerializer):
    """A new ticket with files, sent as multipart/form-data (requesters: the same minus the
    agents' fields)."""

    files = files_field()

    class Meta(AgentTicketSerializer.Meta):
        fields = (*AgentTicketSerializer.Meta.fields, "files")  # type: ignore[assignment]


class EventSerializer(serializers.ModelSerializer[TicketEvent]):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    actor = UserSummarySerializer(read_only=True, allow_null=True)
    actor_kind = serializers.ChoiceField(choices=ActorKind.choices)
    data = serializers.DictField(child=serializers.JSONField(), read_only=True)  # type: ignore[assignment]

    class Meta:
        model = TicketEvent
        fields = (
            "id",
            "kind",
            "actor",
            "actor_kind",
            "source",
            "old_value",
            "new_value",
            "data",
            "created_at",
        )
        read_only_fields = fields


def _breakdown_serializer(name: str, values: Iterable[str]) -> type[serializers.Serializer[object]]:
    """A serializer with one integer per choice, so the schema names every key."""
    fields = {value: serializers.IntegerField(min_value=0) for value in values}
    return type(name, (serializers.Serializer,), fields)


PriorityBreakdownSerializer = _breakdown_serializer("PriorityBreakdown", PRIORITY_VALUES[::-1])
CategoryBreakdownSerializer = _breakdown_serializer("CategoryBreakdown", CATEGORY_VALUES)
StatusBreakdownSerializer = _breakdown_serializer("StatusBreakdown", Status.values)


class TriageKeptSerializer(serializers.Serializer[object]):
    suggested = serializers.IntegerField(help_text="Tickets that got a suggestion at creation.")
    category_kept = serializers.IntegerField(
        help_text="Of those, how many still have the suggested category."
    )
    priority_kept = serializers.IntegerField()
    category_kept_rate = serializers.FloatField(
        allow_null=True, help_text="Kept over the category suggestions made (abstentions left out)."
    )
    priority_kept_rate = serializers.FloatField(
        allow_null=True, help_text="Kept over the priority suggestions made (abstentions left out)."
    )
    category_abstained = serializers.IntegerField(
        help_text="Of the tickets with a suggestion, how many got no category: the model was unsure."
    )
    priority_abstained = serializers.IntegerField(
        help_text="Of the tickets with a suggestion, how many got no priority: the model was unsure."
    )


TriageBySourceSerializer = type(
    "TriageBySource",
    (serializers.Serializer,),
    {source: TriageKeptSerializer() for source in TRIAGE_SOURCES},
)


class TriageStatsSerializer(TriageKeptSerializer):
    by_source = TriageBySourceSerializer()


class FirstResponseStatsSerializer(serializers.Serializer[object]):
    count = serializers.IntegerField(help_text="Tickets an agent has replied to publicly.")
    avg_hours = serializers.FloatField(allow_null=True)
    median_hours = serializers.FloatField(allow_null=True, help_text="Exact median, creation to first reply.")
    p90_hours = serializers.FloatField(allow_null=True, help_text="Exact 90th percentile (nearest rank).")


class AttainmentSerializer(serializers.Serializer[object]):
    met = serializers.IntegerField()
    breached = serializers.IntegerField()
    attainment = serializers.FloatField(allow_null=True, help_text="met / (met + breached); null: none yet.")


AttainmentByPrioritySerializer = type(
    "AttainmentByPriority",
    (serializers.Serializer,),
    {priority: AttainmentSerializer() for priority in PRIORITY_VALUES[::-1]},
)
AttainmentByTargetSerializer = type(
    "AttainmentByTarget",
    (serializers.Serializer,),
    {target.value: AttainmentByPrioritySerializer() for target in TARGETS},
)


class BreachDaySerializer(serializers.Serializer[object]):
    date = serializers.DateField()
    breaches = serializers.IntegerField()


class SlaStatsSerializer(serializers.Serializer[object]):
    attainment = AttainmentByTargetSerializer(help_text="Per target, per priority.")
    breaches_per_day = BreachDaySerializer(many=True, help_text="The last 30 UTC days, oldest first.")


BacklogAgeSerializer = type(
    "BacklogAge",
    (serializers.Serializer,),
    {name: serializers.IntegerField() for name, _, _ in BACKLOG_AGES},
)


class BacklogStatsSerializer(serializers.Serializer[object]):
    unresolved = serializers.IntegerField(help_text="Tickets not resolved or closed (pending included).")
    by_age = BacklogAgeSerializer(help_text="Unresolved tickets by whole days since creation.")
    oldest_created_on = serializers.DateField(allow_null=True)


class SatisfactionFiguresSerializer(serializers.Serializer[object]):
    asked = serializers.IntegerField(help_text="Resolutions that asked the requester.")
    ratings = serializers.IntegerField(help_text="Of those, how many were answered.")
    good = serializers.IntegerField()
    bad = serializers.IntegerField()
    share_good = serializers.FloatField(allow_null=True, help_text="good / ratings; null: none yet.")
    response_rate = serializers.FloatField(allow_null=True, help_text="ratings / asked; null: none asked.")


class SatisfactionAgentSerializer(SatisfactionFiguresSerializer):
    agent_id = serializers.IntegerField(allow_null=True, help_text="Who resolved; null: unassigned.")
    name = serializers.CharField()


SatisfactionByCategorySerializer = type(
    "SatisfactionByCategory",
    (serializers.Serializer,),
    {category: SatisfactionFiguresSerializer() for category in CATEGORY_VALUES},
)


class SatisfactionDaySerializer(SatisfactionFiguresSerializer):
    date = serializers.DateField(help_text="The UTC day of the resolutions.")


class SatisfactionStatsSerializer(SatisfactionFiguresSerializer):
    by_agent = SatisfactionAgentSerializer(many=True, help_text="Per agent who resolved the ticket.")
    by_category = SatisfactionByCategorySerializer(help_text="Per category at resolution.")
    per_day = SatisfactionDaySerializer(many=True, help_text="The last 30 UTC days, oldest first.")


class RatingSerializer(serializers.Serializer[object]):
    """An answer to "How did we do?"."""

    rating = serializers.ChoiceField(choices=Rating.choices)
    comment = StrictCharField(
        max_length=RATING_COMMENT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="Optional; left out, the comment given before stays.",
    )


class TicketStatsSerializer(serializers.Serializer[object]):
    total_tickets = serializers.IntegerField()
    open_tickets = serializers.IntegerField()
    avg_tickets_per_day = serializers.FloatField()
    priority_breakdown = PriorityBreakdownSerializer()
    category_breakdown = CategoryBreakdownSerializer()
    status_breakdown = StatusBreakdownSerializer()
    avg_resolution_hours = serializers.FloatField(allow_null=True)
    median_resolution_hours = serializers.FloatField(allow_null=True)
    triage = TriageStatsSerializer()
    first_response = FirstResponseStatsSerializer()
    sla = SlaStatsSerializer()
    backlog = BacklogStatsSerializer()
    satisfaction = SatisfactionStatsSerializer()


class StatusLabelSerializer(serializers.Serializer[object]):
    value = serializers.ChoiceField(choices=Status.choices)
    title = serializers.CharField()


class LanguageLabelSerializer(serializers.Serializer[object]):
    value = serializers.CharField(help_text="ISO 639-1 code, as the `language` filter takes it.")
    title = serializers.CharField()


class TaxonomySerializer(serializers.Serializer[object]):
    categories = LabelSerializer(many=True)
    priorities = LabelSerializer(many=True)
    statuses = StatusLabelSerializer(many=True)
    sources = SourceLabelSerializer(many=True, help_text="Who can make a triage suggestion.")
    languages = LanguageLabelSerializer(many=True, help_text="Languages a ticket can be detected in.")
