"""Request and response shapes of the customer side's public endpoints."""

from __future__ import annotations

from rest_framework import serializers

from support_desk.core.strict_input import StrictCharField
from support_desk.tickets.api.serializers import RatingSerializer, files_field
from support_desk.tickets.enums import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH, Rating

NAME_MAX_LENGTH = 150


class PublicFormSerializer(serializers.Serializer[object]):
    enabled = serializers.BooleanField(help_text="Whether the public form takes requests.")
    form_token = serializers.CharField(help_text="Send it back with the form (empty when disabled).")
    min_fill_seconds = serializers.FloatField(help_text="A form sent sooner after loading is refused.")
    max_attachment_bytes = serializers.IntegerField()
    max_attachments = serializers.IntegerField()


class PublicTicketSerializer(serializers.Serializer[object]):
    """A request from someone who is not signed in."""

    name = StrictCharField(max_length=NAME_MAX_LENGTH, help_text="Your name.")
    email = serializers.EmailField(max_length=254, help_text="Where the answers go.")
    title = StrictCharField(max_length=TITLE_MAX_LENGTH)
    description = StrictCharField(max_length=DESCRIPTION_MAX_LENGTH)
    form_token = StrictCharField(max_length=300, help_text="From GET /api/public/form/.")
    website = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=300,
        default="",
        help_text="Leave empty: a field hidden from people, which only bots fill in.",
    )


class PublicTicketUploadSerializer(PublicTicketSerializer):
    files = files_field()


class PublicTicketAcceptedSerializer(serializers.Serializer[object]):
    ticket_number = serializers.IntegerField(help_text="The new ticket's number, as in [#<number>].")
    detail = serializers.CharField()


class MagicLinkRequestSerializer(serializers.Serializer[object]):
    email = serializers.EmailField(max_length=254)
    next = StrictCharField(
        required=False, allow_blank=True, max_length=300, help_text="A page of the web app to open after."
    )


class DetailSerializer(serializers.Serializer[object]):
    detail = serializers.CharField()


class TokenRatingSerializer(RatingSerializer):
    token = StrictCharField(max_length=300, help_text="The token of the mail's rating link.")


class RatingRecordedSerializer(serializers.Serializer[object]):
    ticket_number = serializers.IntegerField()
    title = serializers.CharField()
    resolution = serializers.IntegerField()
    rating = serializers.ChoiceField(choices=Rating.choices)
    comment = serializers.CharField(allow_blank=True)
