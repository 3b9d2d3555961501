"""Assistance's routes: under /api/tickets/<id>/ beside the ticket's own, and /api/incidents/."""

from django.urls import path

from support_desk.assist.api.views import (
    DiscardDraftView,
    DraftStatsView,
    DraftView,
    IncidentDetailView,
    IncidentListView,
    IncidentReplyView,
    MarkDuplicateView,
    MergeView,
    SimilarTicketsView,
    SummaryView,
)

urlpatterns = [
    path("tickets/<id:ticket_id>/similar/", SimilarTicketsView.as_view(), name="ticket-similar"),
    path("tickets/<id:ticket_id>/duplicate/", MarkDuplicateView.as_view(), name="ticket-duplicate"),
    path("tickets/<id:ticket_id>/merge/", MergeView.as_view(), name="ticket-merge"),
    path("tickets/<id:ticket_id>/draft/", DraftView.as_view(), name="ticket-draft"),
    path("tickets/<id:ticket_id>/draft/discard/", DiscardDraftView.as_view(), name="ticket-draft-discard"),
    path("tickets/<id:ticket_id>/summary/", SummaryView.as_view(), name="ticket-summary"),
    path("drafts/stats/", DraftStatsView.as_view(), name="draft-stats"),
    path("incidents/", IncidentListView.as_view(), name="incident-list"),
    path("incidents/<id:incident_id>/", IncidentDetailView.as_view(), name="incident-detail"),
    path("incidents/<id:incident_id>/reply/", IncidentReplyView.as_view(), name="incident-reply"),
]
