"""Request and response shapes of saved replies."""

from __future__ import annotations

from rest_framework import serializers

from support_desk.accounts.api.serializers import UserSummarySerializer
from support_desk.accounts.models import STAFF_ROLES, User
from support_desk.core.strict_input import (
    FlatListField,
    StrictCharField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
)
from support_desk.replies.models import TITLE_MAX_LENGTH, SavedReply
from support_desk.tickets.api.serializers import AgentTicketSerializer, MessageSerializer
from support_desk.tickets.enums import MAX_TAGS_PER_TICKET, MESSAGE_MAX_LENGTH, TAG_MAX_LENGTH, Status
from support_desk.triage.taxonomy import priority_choices


class SavedReplySerializer(serializers.ModelSerializer[SavedReply]):
    title = StrictCharField(max_length=TITLE_MAX_LENGTH)
    body = StrictCharField(
        max_length=MESSAGE_MAX_LENGTH,
        help_text="Placeholders: {{ requester.name }}, {{ ticket.number }}, {{ agent.name }}.",
    )
    shared = serializers.BooleanField(
        default=False, help_text="Shared with every agent (admins only); otherwise yours alone."
    )
    set_status = serializers.ChoiceField(choices=[("", "unchanged"), *Status.choices], required=False)
    set_priority = serializers.ChoiceField(choices=[("", "unchanged"), *priority_choices()], required=False)
    set_assignee_id = StrictPrimaryKeyRelatedField(
        source="set_assignee",
        queryset=User.objects.filter(role__in=STAFF_ROLES, is_active=True),
        allow_null=True,
        required=False,
        write_only=True,
        help_text="Assign the ticket to this agent when the reply is sent.",
    )
    set_assignee = UserSummarySerializer(read_only=True, allow_null=True)
    add_tags = FlatListField(
        child=StrictCharField(max_length=TAG_MAX_LENGTH), max_length=MAX_TAGS_PER_TICKET, required=False
    )
    owner = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = SavedReply
        fields = (
            "id",
            "title",
            "body",
            "shared",
            "owner",
            "set_status",
            "set_priority",
            "set_assignee_id",
            "set_assignee",
            "add_tags",
            "updated_at",
        )
        read_only_fields = ("id", "owner", "set_assignee", "updated_at")


class ReplyTicketSerializer(serializers.Serializer[object]):
    ticket_id = StrictIntegerField(min_value=1)


class ReplyPreviewSerializer(serializers.Serializer[object]):
    body = serializers.CharField(help_text="The reply with its placeholders filled in for the ticket.")


class ReplySendSerializer(ReplyTicketSerializer):
    body = StrictCharField(
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        help_text="The text as edited; default: the filled-in reply.",
    )
    internal = serializers.BooleanField(default=False, help_text="Send as an internal note.")


class ReplySentSerializer(serializers.Serializer[object]):
    message = MessageSerializer()
    ticket = AgentTicketSerializer()
