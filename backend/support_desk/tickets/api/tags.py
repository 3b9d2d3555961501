"""Tags across tickets: the list (agents), renaming and merging everywhere (admins)."""

from __future__ import annotations

from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.accounts.models import User
from support_desk.accounts.permissions import IsAgent
from support_desk.core.strict_input import StrictCharField, StrictIntegerField
from support_desk.tickets import services
from support_desk.tickets.enums import TAG_MAX_LENGTH
from support_desk.tickets.models import Tag


class TagSerializer(serializers.ModelSerializer[Tag]):
    tickets = serializers.IntegerField(
        source="ticket_count", read_only=True, help_text="Tickets carrying the tag."
    )

    class Meta:
        model = Tag
        fields = ("id", "name", "tickets")
        read_only_fields = fields


class TagRenameSerializer(serializers.Serializer[object]):
    name = StrictCharField(max_length=TAG_MAX_LENGTH)


class TagMergeSerializer(serializers.Serializer[object]):
    into = StrictIntegerField(min_value=1, help_text="The tag that takes over this tag's tickets.")


def _actor(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _with_count(tag_id: int) -> Tag:
    return Tag.objects.annotate(ticket_count=Count("ticket_tags")).get(pk=tag_id)


class TagListView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(responses=TagSerializer(many=True), summary="Every tag, with how many tickets carry it")
    def get(self, request: Request) -> Response:
        tags = Tag.objects.annotate(ticket_count=Count("ticket_tags")).order_by("name")[:1000]
        return Response(TagSerializer(tags, many=True).data)


class TagDetailView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        request=TagRenameSerializer, responses=TagSerializer, summary="Rename a tag everywhere (admins)"
    )
    def patch(self, request: Request, tag_id: int) -> Response:
        payload = TagRenameSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        tag = services.tag_rename(tag_id=tag_id, name=payload.validated_data["name"], actor=_actor(request))
        return Response(TagSerializer(_with_count(tag.pk)).data)


class TagMergeView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        request=TagMergeSerializer,
        responses=TagSerializer,
        summary="Merge a tag into another everywhere (admins)",
    )
    def post(self, request: Request, tag_id: int) -> Response:
        payload = TagMergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        tag = services.tag_merge(tag_id=tag_id, into_id=payload.validated_data["into"], actor=_actor(request))
        return Response(TagSerializer(_with_count(tag.pk)).data)
