"""`GET /api/tickets/export.csv`: the list, with its filters, as a streamed CSV file."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request

from support_desk.accounts.models import User
from support_desk.accounts.permissions import IsAgent
from support_desk.tickets import selectors
from support_desk.tickets.export import csv_lines
from support_desk.tickets.filters import TicketListFilter
from support_desk.tickets.models import Ticket


class TicketExportView(GenericAPIView[Ticket]):
    permission_classes = [IsAuthenticated, IsAgent]
    filter_backends = [DjangoFilterBackend]
    filterset_class = TicketListFilter
    pagination_class = None

    def get_queryset(self) -> QuerySet[Ticket]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Ticket.objects.none()
        user = self.request.user
        assert isinstance(user, User)  # guaranteed by IsAuthenticated
        return selectors.tickets_visible_to(user)

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple[BaseRenderer, str]:
        # The file is CSV whatever the client accepts; errors stay in the API's JSON shape.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.STR},
        summary="Export the ticket list, with its filters and ordering, as CSV (agents)",
        description="Streamed in batches: constant memory whatever the number of tickets. Columns: "
        "id, title, status, priority, category, requester, assignee, tags (`;`-separated), created_at, "
        "updated_at, resolved_at, first_response_at, sla_next_due_at, sla_breached (targets). Every field "
        "is quoted; a `'` is put before a formula start (`=`, `+`, `-`, `@`, full-width forms, tab, CR) "
        "at the start of a field or after a separator inside it (CSV injection).",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        tickets = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(
            csv_lines(tickets, by_due=request.query_params.get("ordering") == "due"),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="tickets.csv"'
        return response
