"""HTTP surface of assistance, for agents only: requesters get 403 on their own tickets and
404 on anyone else's, as with the ticket timeline."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.accounts.models import User
from support_desk.accounts.permissions import IsAgent
from support_desk.assist import drafts, selectors, summaries
from support_desk.assist.api.serializers import (
    DiscardDraftSerializer,
    DraftSerializer,
    DraftStatsSerializer,
    IncidentQuerySerializer,
    IncidentReplyResultSerializer,
    IncidentReplySerializer,
    IncidentSerializer,
    MarkDuplicateSerializer,
    MergeSerializer,
    SimilarQuerySerializer,
    SimilarTicketSerializer,
    SummarySerializer,
)
from support_desk.assist.incidents import incident_reply_all
from support_desk.assist.models import Incident, ReplyDraft
from support_desk.core.errors import NotFoundError
from support_desk.tickets import selectors as ticket_selectors
from support_desk.tickets import services as ticket_services
from support_desk.tickets.api.serializers import AgentTicketSerializer
from support_desk.tickets.models import Ticket

NOT_FOUND = OpenApiResponse(description="Ticket not found.")


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # guaranteed by IsAuthenticated
    return user


def _agent_ticket(request: Request, ticket_id: int) -> Ticket:
    """The ticket, for an agent: 404 before 403, so requesters learn nothing of others' tickets."""
    user = _user(request)
    ticket = ticket_selectors.ticket_get(ticket_id=ticket_id, user=user)
    if not user.is_agent:
        raise PermissionDenied("Only support agents can use assistance.")
    return ticket


class SimilarTicketsView(APIView):
    @extend_schema(
        parameters=[SimilarQuerySerializer],
        responses={200: SimilarTicketSerializer(many=True), 404: NOT_FOUND},
        summary="Earlier tickets that read most like this one (agents)",
    )
    def get(self, request: Request, ticket_id: int) -> Response:
        ticket = _agent_ticket(request, ticket_id)
        query = SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.similar_tickets(ticket=ticket, limit=query.validated_data["limit"])
        return Response(SimilarTicketSerializer([asdict(item) for item in found], many=True).data)


class MarkDuplicateView(APIView):
    @extend_schema(
        request=MarkDuplicateSerializer,
        responses={
            200: AgentTicketSerializer,
            404: NOT_FOUND,
            409: OpenApiResponse(description="Already a duplicate."),
        },
        summary="Close this ticket as a duplicate of another, with an optional reply (agents)",
    )
    def post(self, request: Request, ticket_id: int) -> Response:
        ticket = _agent_ticket(request, ticket_id)
        payload = MarkDuplicateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        original_id = payload.validated_data["duplicate_of"]
        ticket_selectors.ticket_get(ticket_id=original_id, user=_user(request))
        updated = ticket_services.ticket_mark_duplicate(
            ticket_id=ticket.pk,
            duplicate_of_id=original_id,
            actor=_user(request),
            reply=payload.validated_data.get("reply") or None,
        )
        return Response(AgentTicketSerializer(updated).data)


class MergeView(APIView):
    @extend_schema(
        request=MergeSerializer,
        responses={
            200: AgentTicketSerializer,
            404: NOT_FOUND,
            409: OpenApiResponse(description="Already merged."),
        },
        summary="Move this ticket's conversation into another ticket and close it (agents)",
    )
    def post(self, request: Request, ticket_id: int) -> Response:
        ticket = _agent_ticket(request, ticket_id)
        payload = MergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        into_id = payload.validated_data["into"]
        ticket_selectors.ticket_get(ticket_id=into_id, user=_user(request))
        updated = ticket_services.ticket_merge(ticket_id=ticket.pk, into_id=into_id, actor=_user(request))
        return Response(AgentTicketSerializer(updated).data)


def _draft_response(draft: ReplyDraft, *, status_code: int = 200) -> Response:
    titles = dict(Ticket.objects.filter(pk__in=draft.source_ticket_ids).values_list("id", "title"))
    return Response(DraftSerializer(draft, context={"titles": titles}).data, status=status_code)


class DraftView(APIView):
    @extend_schema(
        request=None,
        responses={201: DraftSerializer, 404: NOT_FOUND},
        summary="A reply draft grounded in the answers to similar tickets (agents)",
    )
    def post(self, request: Request, ticket_id: int) -> Response:
        ticket = _agent_ticket(request, ticket_id)
        draft = drafts.draft_create(ticket=ticket, actor=_user(request))
        return _draft_response(draft, status_code=status.HTTP_201_CREATED)


class DiscardDraftView(APIView):
    @extend_schema(
        request=DiscardDraftSerializer,
        responses={
            200: DraftSerializer,
            404: NOT_FOUND,
            409: OpenApiResponse(description="Already decided."),
        },
        summary="Record that the agent dismissed a draft (agents)",
    )
    def post(self, request: Request, ticket_id: int) -> Response:
        ticket = _agent_ticket(request, ticket_id)
        payload = DiscardDraftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        draft = drafts.draft_discard(ticket=ticket, draft_id=payload.validated_data["draft_id"])
        return _draft_response(draft)


class SummaryView(APIView):
    @extend_schema(
        responses={200: SummarySerializer, 404: NOT_FOUND},
        summary="What the customer wants, what was tried, what is pending (agents; needs a language model)",
    )
    def get(self, request: Request, ticket_id: int) -> Response:
        ticket = _agent_ticket(request, ticket_id)
        return Response(SummarySerializer(asdict(summaries.summary_get(ticket=ticket))).data)


def _incident_data(incident: Incident, tickets: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    tickets = selectors.incident_tickets(incident) if tickets is None else tickets
    return {
        "id": incident.pk,
        "title": incident.title,
        "status": incident.status,
        "first_seen": incident.first_seen,
        "last_seen": incident.last_seen,
        "created_at": incident.created_at,
        "notified_at": incident.notified_at,
        "resolved_at": incident.resolved_at,
        "ticket_count": len(tickets),
        "tickets": tickets,
    }


MAX_INCIDENTS = 50


class IncidentListView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        parameters=[IncidentQuerySerializer],
        responses=IncidentSerializer(many=True),
        summary="Incidents, the most recently active first (agents; the latest 50)",
    )
    def get(self, request: Request) -> Response:
        query = IncidentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = list(selectors.incidents(status=query.validated_data.get("status"))[:MAX_INCIDENTS])
        tickets = selectors.tickets_of_incidents([incident.pk for incident in found])
        rows = [_incident_data(incident, tickets[incident.pk]) for incident in found]
        return Response(IncidentSerializer(rows, many=True).data)


def _incident(incident_id: int) -> Incident:
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        raise NotFoundError("Incident not found.")
    return incident


class IncidentDetailView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        responses={200: IncidentSerializer, 404: OpenApiResponse(description="Incident not found.")},
        summary="One incident with its tickets (agents)",
    )
    def get(self, request: Request, incident_id: int) -> Response:
        return Response(IncidentSerializer(_incident_data(_incident(incident_id))).data)


class IncidentReplyView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        request=IncidentReplySerializer,
        responses={
            200: IncidentReplyResultSerializer,
            404: OpenApiResponse(description="Incident not found."),
        },
        summary="Reply to every ticket of the incident, and optionally resolve them all (agents)",
    )
    def post(self, request: Request, incident_id: int) -> Response:
        _incident(incident_id)
        payload = IncidentReplySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = incident_reply_all(
            incident_id=incident_id,
            actor=_user(request),
            body=payload.validated_data["body"],
            resolve=payload.validated_data["resolve"],
        )
        data = {
            "incident": _incident_data(result.incident),
            "replied": result.replied,
            "resolved": result.resolved,
        }
        return Response(IncidentReplyResultSerializer(data).data)


class DraftStatsView(APIView):
    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        responses=DraftStatsSerializer, summary="What agents did with the reply drafts, per source (agents)"
    )
    def get(self, request: Request) -> Response:
        stats = selectors.draft_stats()
        data = {
            "total": asdict(stats["total"]),
            "by_source": {source: asdict(value) for source, value in stats["by_source"].items()},
            "no_draft": stats["no_draft"],
        }
        return Response(DraftStatsSerializer(data).data)
