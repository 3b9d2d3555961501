"""HTTP surface of saved replies (agents; shared ones managed by admins)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.accounts.models import User
from support_desk.accounts.permissions import IsAgent
from support_desk.replies import selectors, services
from support_desk.replies.api.serializers import (
    ReplyPreviewSerializer,
    ReplySendSerializer,
    ReplySentSerializer,
    ReplyTicketSerializer,
    SavedReplySerializer,
)
from support_desk.tickets.api.serializers import AgentTicketSerializer, MessageSerializer


def _agent(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # guaranteed by IsAuthenticated
    return user


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "shared"}


class SavedReplyListView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(responses=SavedReplySerializer(many=True), summary="Shared saved replies and your own")
    def get(self, request: Request) -> Response:
        replies = selectors.saved_replies_for(_agent(request)).select_related("owner")
        return Response(SavedReplySerializer(replies, many=True).data)

    @extend_schema(
        request=SavedReplySerializer, responses={201: SavedReplySerializer}, summary="Save a reply"
    )
    def post(self, request: Request) -> Response:
        payload = SavedReplySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reply = services.saved_reply_create(
            actor=_agent(request), shared=payload.validated_data["shared"], **_fields(payload.validated_data)
        )
        return Response(SavedReplySerializer(reply).data, status=status.HTTP_201_CREATED)


class SavedReplyDetailView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        request=SavedReplySerializer(partial=True),
        responses=SavedReplySerializer,
        summary="Change a saved reply",
    )
    def patch(self, request: Request, reply_id: int) -> Response:
        payload = SavedReplySerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        reply = services.saved_reply_update(
            reply_id=reply_id, actor=_agent(request), changes=_fields(payload.validated_data)
        )
        return Response(SavedReplySerializer(reply).data)

    @extend_schema(responses={204: None}, summary="Delete a saved reply")
    def delete(self, request: Request, reply_id: int) -> Response:
        services.saved_reply_delete(reply_id=reply_id, actor=_agent(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SavedReplyPreviewView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        request=ReplyTicketSerializer,
        responses=ReplyPreviewSerializer,
        summary="The reply filled in for a ticket, to insert in the reply box",
    )
    def post(self, request: Request, reply_id: int) -> Response:
        payload = ReplyTicketSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        body = services.saved_reply_preview(
            reply_id=reply_id, ticket_id=payload.validated_data["ticket_id"], agent=_agent(request)
        )
        return Response({"body": body})


class SavedReplySendView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        request=ReplySendSerializer,
        responses={201: ReplySentSerializer},
        summary="Send a saved reply on a ticket and apply its actions",
    )
    def post(self, request: Request, reply_id: int) -> Response:
        payload = ReplySendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sent = services.saved_reply_send(
            reply_id=reply_id,
            ticket_id=payload.validated_data["ticket_id"],
            agent=_agent(request),
            body=payload.validated_data.get("body"),
            internal=payload.validated_data["internal"],
        )
        return Response(
            {
                "message": MessageSerializer(sent.message).data,
                "ticket": AgentTicketSerializer(sent.ticket).data,
            },
            status=status.HTTP_201_CREATED,
        )
