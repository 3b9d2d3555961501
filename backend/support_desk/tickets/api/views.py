"""HTTP surface of tickets: parse with a serializer, call one service or selector, serialize."""

from __future__ import annotations

from dataclasses import asdict

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.core.pagination import MAX_PAGE_SIZE, paginate_newest_first
from support_desk.tickets import selectors, services
from support_desk.tickets.api.serializers import TicketSerializer, TicketStatsSerializer
from support_desk.tickets.filters import TicketListFilter
from support_desk.tickets.models import Ticket

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


class TicketListCreateView(GenericAPIView[Ticket]):
    queryset = Ticket.objects.all()
    serializer_class = TicketSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TicketListFilter

    @extend_schema(
        parameters=[*PAGINATION_PARAMETERS, LINK_HEADER],
        responses=TicketSerializer(many=True),
        summary="List tickets, newest first",
    )
    def get(self, request: Request) -> Response:
        page = paginate_newest_first(self.filter_queryset(self.get_queryset()), request)
        return Response(TicketSerializer(page.rows, many=True).data, headers=page.link_header())

    @extend_schema(
        request=TicketSerializer,
        responses={201: TicketSerializer},
        summary="Create a ticket",
    )
    def post(self, request: Request) -> Response:
        payload = TicketSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ticket = services.ticket_create(**payload.validated_data)
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)


class TicketDetailView(APIView):
    @extend_schema(responses={200: TicketSerializer, 404: OpenApiResponse(description="Ticket not found.")})
    def get(self, request: Request, ticket_id: int) -> Response:
        return Response(TicketSerializer(selectors.ticket_get(ticket_id=ticket_id)).data)

    @extend_schema(
        request=TicketSerializer(partial=True),
        responses={200: TicketSerializer, 404: OpenApiResponse(description="Ticket not found.")},
        summary="Change some fields of a ticket",
    )
    def patch(self, request: Request, ticket_id: int) -> Response:
        payload = TicketSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        ticket = services.ticket_update(ticket_id=ticket_id, changes=payload.validated_data)
        return Response(TicketSerializer(ticket).data)


class TicketStatsView(APIView):
    @extend_schema(responses=TicketStatsSerializer, summary="Ticket statistics")
    def get(self, request: Request) -> Response:
        return Response(TicketStatsSerializer(asdict(selectors.ticket_stats())).data)
