"""HTTP surface of tickets: check who asks, parse with a serializer, call one service or
selector, serialize the answer."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.accounts.models import User
from support_desk.accounts.permissions import IsAgent
from support_desk.core.errors import ApplicationError, ErrorCode, error_body
from support_desk.core.pagination import MAX_PAGE_SIZE, paginate_newest_first, paginate_soonest_first
from support_desk.core.parsers import LimitedMultiPartParser, SafeJSONParser
from support_desk.core.strict_input import parse_whole_number
from support_desk.core.throttles import TicketCreateThrottle
from support_desk.tickets import selectors, services
from support_desk.tickets.api.rows import row_key, ticket_rows
from support_desk.tickets.api.serializers import (
    AgentTicketSerializer,
    AttachmentSerializer,
    EventSerializer,
    MessageSerializer,
    MessageUploadSerializer,
    RatingSerializer,
    RequesterTicketSerializer,
    TaxonomySerializer,
    TicketSerializer,
    TicketStatsSerializer,
    TicketUploadSerializer,
)
from support_desk.tickets.attachments import ACTIVE_CONTENT_TYPES, AttachmentUpload
from support_desk.tickets.enums import Status
from support_desk.tickets.filters import TicketListFilter
from support_desk.tickets.models import Ticket
from support_desk.tickets.stats import ticket_stats
from support_desk.triage.language import language_choices
from support_desk.triage.taxonomy import CATEGORY_LABELS, PRIORITY_LABELS, SuggestionSource

PAGINATION_PARAMETERS = [
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description=f"Tickets per page, 1 to {MAX_PAGE_SIZE} (default 50)."
    ),
    OpenApiParameter(
        "cursor", OpenApiTypes.STR, description="Opaque position; take it from the `Link` header."
    ),
]
LINK_HEADER = OpenApiParameter(
    "Link",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=True,
    description='The next page, as `<url>; rel="next"` (RFC 8288); absent on the last page.',
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="The ticket version (its ETag) you edited; a stale one is refused with 409.",
)
CONFLICT = OpenApiResponse(
    description="The ticket changed since that version; the body holds the current one."
)


FILTER_PARAMETERS = frozenset(TicketListFilter.base_filters)
# JSON as before, or multipart/form-data with `files` for attachments.
UPLOAD_PARSERS = [SafeJSONParser, LimitedMultiPartParser]


def request_uploads(request: Request) -> list[AttachmentUpload]:
    """The files of a multipart request (none for JSON)."""
    files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
    return [
        AttachmentUpload(filename=file.name or "", content=file.read(), content_type=file.content_type or "")
        for file in files
    ]


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # guaranteed by IsAuthenticated
    return user


def serializer_class_for(user: User) -> type[TicketSerializer]:
    return AgentTicketSerializer if user.is_agent else RequesterTicketSerializer


def _etag(ticket: Ticket) -> dict[str, str]:
    return {"ETag": f'"{ticket.version}"'}


def _expected_version(request: Request, body_version: int | None) -> int | None:
    """The version the client edited, from `If-Match` or the body's `version`.

    A header that is not one of our ETags cannot match any version: 412, as RFC 9110 says.
    """
    header = request.headers.get("If-Match")
    if header is None:
        return body_version
    version = parse_whole_number(header.strip().removeprefix("W/").strip('"'))
    if version is None:
        raise ApplicationError(
            'If-Match must be the ticket\'s ETag, for example "3".',
            code=ErrorCode.PRECONDITION_FAILED,
            status_code=status.HTTP_412_PRECONDITION_FAILED,
        )
    return version


class TicketListCreateView(GenericAPIView[Ticket]):
    serializer_class = AgentTicketSerializer
    parser_classes = UPLOAD_PARSERS
    throttle_classes = [TicketCreateThrottle]
    filter_backends = [DjangoFilterBackend]
    filterset_class = TicketListFilter

    def get_queryset(self) -> QuerySet[Ticket]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Ticket.objects.none()
        return selectors.tickets_visible_to(_user(self.request))

    @extend_schema(
        parameters=[*PAGINATION_PARAMETERS, LINK_HEADER],
        responses=AgentTicketSerializer(many=True),
        summary="List tickets, newest first (requesters: their own)",
    )
    def get(self, request: Request) -> Response:
        for_agent = _user(request).is_agent
        tickets = self.get_queryset()
        # Building the filter set costs more than the page's query; skip it when nothing filters.
        if not FILTER_PARAMETERS.isdisjoint(request.query_params):
            tickets = self.filter_queryset(tickets)
        if request.query_params.get("ordering") == "due":
            due_keys: dict[int, datetime | None] = {}
            page = paginate_soonest_first(
                tickets,
                request,
                field="sla_due_at",
                fetch=lambda tickets: ticket_rows(tickets, for_agent=for_agent, due_keys=due_keys),
                key=lambda row: (due_keys[row["id"]], row["id"]),
                include_undated="sla" not in request.query_params,
            )
        else:
            page = paginate_newest_first(
                tickets,
                request,
                fetch=lambda tickets: ticket_rows(tickets, for_agent=for_agent),
                key=row_key,
            )
        return Response(page.rows, headers=page.link_header())

    @extend_schema(
        request={"application/json": AgentTicketSerializer, "multipart/form-data": TicketUploadSerializer},
        responses={201: AgentTicketSerializer},
        summary="Create a ticket (with files: multipart/form-data)",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        serializer = serializer_class_for(user)
        payload = serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data.pop("version", None)
        ticket = services.ticket_create(actor=user, attachments=request_uploads(request), **data)
        return Response(serializer(ticket).data, status=status.HTTP_201_CREATED, headers=_etag(ticket))


class TicketDetailView(APIView):
    @extend_schema(
        responses={200: AgentTicketSerializer, 404: OpenApiResponse(description="Ticket not found.")}
    )
    def get(self, request: Request, ticket_id: int) -> Response:
        user = _user(request)
        ticket = selectors.ticket_get(ticket_id=ticket_id, user=user)
        return Response(serializer_class_for(user)(ticket).data, headers=_etag(ticket))

    @extend_schema(
        parameters=[IF_MATCH],
        request=AgentTicketSerializer(partial=True),
        responses={
            200: AgentTicketSerializer,
            404: OpenApiResponse(description="Ticket not found."),
            409: CONFLICT,
        },
        summary="Change some fields of a ticket (agents)",
    )
    def patch(self, request: Request, ticket_id: int) -> Response:
        user = _user(request)
        selectors.ticket_get(ticket_id=ticket_id, user=user)  # 404 before 403: don't reveal others' tickets
        if not user.is_agent:
            raise PermissionDenied("Only support agents can change a ticket.")
        payload = AgentTicketSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        expected = _expected_version(request, changes.pop("version", None))
        changes.pop("requester", None)
        try:
            ticket = services.ticket_update(
                ticket_id=ticket_id, changes=changes, actor=user, expected_version=expected
            )
        except services.VersionConflict as conflict:
            body: dict[str, Any] = {
                **error_body(conflict.detail, ErrorCode.CONFLICT),
                "current": AgentTicketSerializer(conflict.current).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT, headers=_etag(conflict.current))
        ticket = selectors.ticket_get(ticket_id=ticket.pk, user=user)
        return Response(AgentTicketSerializer(ticket).data, headers=_etag(ticket))


class TicketSatisfactionView(APIView):
    """The requester answers "How did we do?" on their resolved ticket's page."""

    @extend_schema(
        request=RatingSerializer,
        responses={
            200: AgentTicketSerializer,
            404: OpenApiResponse(description="Not found, or nothing to rate yet."),
            409: OpenApiResponse(description="Reopened since: rated again once resolved."),
        },
        summary="Rate the latest resolution of your ticket (its requester)",
    )
    def put(self, request: Request, ticket_id: int) -> Response:
        user = _user(request)
        ticket = selectors.ticket_get(ticket_id=ticket_id, user=user)
        if ticket.requester_id != user.pk:
            raise PermissionDenied("Only the ticket's requester can rate it.")
        payload = RatingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.ticket_rate(
            ticket_id=ticket.pk,
            resolution=ticket.resolution_count,
            rating=payload.validated_data["rating"],
            comment=payload.validated_data.get("comment"),
            actor=user,
        )
        ticket = selectors.ticket_get(ticket_id=ticket.pk, user=user)
        return Response(serializer_class_for(user)(ticket).data, headers=_etag(ticket))


class TicketMessagesView(APIView):
    parser_classes = UPLOAD_PARSERS

    @extend_schema(responses=MessageSerializer(many=True), summary="The conversation on a ticket")
    def get(self, request: Request, ticket_id: int) -> Response:
        user = _user(request)
        ticket = selectors.ticket_get(ticket_id=ticket_id, user=user)
        messages = selectors.ticket_messages(ticket=ticket, user=user)
        return Response(MessageSerializer(messages, many=True).data)

    @extend_schema(
        request={"application/json": MessageSerializer, "multipart/form-data": MessageUploadSerializer},
        responses={201: MessageSerializer},
        summary="Reply, or add an internal note (with files: multipart/form-data)",
    )
    def post(self, request: Request, ticket_id: int) -> Response:
        user = _user(request)
        ticket = selectors.ticket_get(ticket_id=ticket_id, user=user)
        payload = MessageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        is_internal = payload.validated_data["is_internal"]
        if is_internal and not user.is_agent:
            raise PermissionDenied("Only support agents can write internal notes.")
        message = services.message_create(
            ticket_id=ticket.pk,
            author=user,
            body=payload.validated_data["body"],
            is_internal=is_internal,
            attachments=request_uploads(request),
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class TicketAttachmentsView(APIView):
    @extend_schema(
        responses=AttachmentSerializer(many=True),
        summary="The ticket's files, its own and its messages' (an internal note's for agents only)",
    )
    def get(self, request: Request, ticket_id: int) -> Response:
        user = _user(request)
        ticket = selectors.ticket_get(ticket_id=ticket_id, user=user)
        return Response(
            AttachmentSerializer(selectors.ticket_attachments(ticket=ticket, user=user), many=True).data
        )


class AttachmentDownloadView(APIView):
    """Always a download (`Content-Disposition: attachment`, `nosniff`, a sandboxing CSP), never
    a page: a file someone sent cannot run in the web app's origin, whatever it claims to be."""

    @extend_schema(
        responses={(200, "*/*"): OpenApiTypes.BINARY, 404: OpenApiResponse(description="Not found.")},
        summary="Download one file",
    )
    def get(self, request: Request, ticket_id: int, attachment_id: int) -> FileResponse:
        user = _user(request)
        ticket = selectors.ticket_get(ticket_id=ticket_id, user=user)
        attachment = selectors.attachment_get(ticket=ticket, attachment_id=attachment_id, user=user)
        content_type = attachment.content_type
        if content_type in ACTIVE_CONTENT_TYPES or content_type.startswith("text/"):
            content_type = "application/octet-stream"
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.filename,
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class TicketEventsView(APIView):
    @extend_schema(responses=EventSerializer(many=True), summary="The ticket's audit timeline (agents)")
    def get(self, request: Request, ticket_id: int) -> Response:
        user = _user(request)
        ticket = selectors.ticket_get(ticket_id=ticket_id, user=user)
        if not user.is_agent:
            raise PermissionDenied("Only support agents can see a ticket's history.")
        return Response(EventSerializer(selectors.ticket_events(ticket=ticket), many=True).data)


class TicketStatsView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(responses=TicketStatsSerializer, summary="Ticket statistics (agents)")
    def get(self, request: Request) -> Response:
        # The statistics are plain values already; running them through the nested serializer
        # (over a hundred per-day entries) cost more than reading them. The serializer stays
        # the schema, and a test keeps this answer equal to its output.
        return Response(asdict(ticket_stats()))


class TaxonomyView(APIView):
    """The labels a ticket can carry, with their definitions, and the triage sources' names:
    the web app reads them here rather than spelling them out."""

    @extend_schema(
        responses=TaxonomySerializer, summary="Categories, priorities, statuses and triage sources"
    )
    def get(self, request: Request) -> Response:
        data = {
            "categories": [vars(label) for label in CATEGORY_LABELS],
            "priorities": [vars(label) for label in PRIORITY_LABELS],
            "statuses": [{"value": value, "title": title} for value, title in Status.choices],
            "sources": [{"value": source, "title": source.display_name} for source in SuggestionSource],
            "languages": [{"value": code, "title": name} for code, name in language_choices()],
        }
        return Response(TaxonomySerializer(data).data)
