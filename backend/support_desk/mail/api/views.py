"""HTTP surface of the e-mail channel: the inbound webhook, a ticket's mail, a person's
notification choices, and the admin's view of how the channel is set up."""

from __future__ import annotations

import hmac
from dataclasses import asdict
from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.accounts.models import User
from support_desk.accounts.permissions import IsAdmin
from support_desk.mail import selectors, services
from support_desk.mail.api.parsers import RawMessageParser
from support_desk.mail.api.serializers import (
    ChannelStatusSerializer,
    InboundResultSerializer,
    NotificationChangeSerializer,
    NotificationChoiceSerializer,
    TicketMailSerializer,
)
from support_desk.mail.preferences import notification_choose
from support_desk.tickets import selectors as ticket_selectors

SECRET_HEADER = "X-Mail-Inbound-Secret"  # noqa: S105 - a header name


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # guaranteed by IsAuthenticated
    return user


class HasInboundSecret(BasePermission):
    """The shared secret, compared in constant time; with no secret configured, nobody."""

    message = f"The {SECRET_HEADER} header is missing or wrong."

    def has_permission(self, request: Request, view: Any) -> bool:
        expected = settings.MAIL_INBOUND_SECRET
        given = request.headers.get(SECRET_HEADER, "")
        return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


class InboundMailView(APIView):
    """For mail services that forward by webhook: the raw message as the body."""

    authentication_classes: list[type] = []
    permission_classes = [HasInboundSecret]
    parser_classes = [RawMessageParser]

    @extend_schema(
        request={"message/rfc822": OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter(SECRET_HEADER, OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=True)
        ],
        responses={201: InboundResultSerializer, 200: InboundResultSerializer, 202: InboundResultSerializer},
        summary="Receive one raw e-mail (201 stored, 200 ignored, 202 quarantined)",
        auth=[],
    )
    def post(self, request: Request) -> Response:
        raw = request.data
        result = services.mail_ingest(raw if isinstance(raw, bytes) else b"", source="webhook")
        code = {
            "created": status.HTTP_201_CREATED,
            "replied": status.HTTP_201_CREATED,
            "ignored": status.HTTP_200_OK,
        }
        body = {"outcome": result.outcome, "ticket_id": result.ticket_id, "reason": result.reason}
        return Response(body, status=code.get(result.outcome, status.HTTP_202_ACCEPTED))


class TicketMailView(APIView):
    @extend_schema(
        responses=TicketMailSerializer,
        summary="A ticket's mail: what came in, what went out and whether it arrived",
    )
    def get(self, request: Request, ticket_id: int) -> Response:
        user = _user(request)
        ticket = ticket_selectors.ticket_get(ticket_id=ticket_id, user=user)
        data = {
            "received": selectors.ticket_received_mail(ticket=ticket, user=user),
            "deliveries": selectors.ticket_deliveries(ticket=ticket, user=user),
        }
        return Response(TicketMailSerializer(data).data)


class NotificationPreferencesView(APIView):
    @extend_schema(
        responses=NotificationChoiceSerializer(many=True), summary="My notification mails, each on or off"
    )
    def get(self, request: Request) -> Response:
        return Response(
            NotificationChoiceSerializer(selectors.notification_choices(_user(request)), many=True).data
        )

    @extend_schema(
        request=NotificationChangeSerializer,
        responses=NotificationChoiceSerializer(many=True),
        summary="Turn one kind of notification mail on or off",
    )
    def patch(self, request: Request) -> Response:
        user = _user(request)
        payload = NotificationChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        notification_choose(
            user=user, kind=payload.validated_data["kind"], enabled=payload.validated_data["enabled"]
        )
        return Response(NotificationChoiceSerializer(selectors.notification_choices(user), many=True).data)


class ChannelStatusView(APIView):
    permission_classes = [IsAuthenticated, IsAdmin]

    @extend_schema(
        responses=ChannelStatusSerializer,
        summary="Whether intake and sending are set up; the last poll (admins)",
    )
    def get(self, request: Request) -> Response:
        return Response(ChannelStatusSerializer(asdict(selectors.channel_status())).data)
