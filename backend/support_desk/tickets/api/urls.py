from django.urls import path

from support_desk.tickets.api.bulk import TicketBulkView
from support_desk.tickets.api.export import TicketExportView
from support_desk.tickets.api.views import (
    AttachmentDownloadView,
    TicketAttachmentsView,
    TicketDetailView,
    TicketEventsView,
    TicketListCreateView,
    TicketMessagesView,
    TicketSatisfactionView,
    TicketStatsView,
)

urlpatterns = [
    path("", TicketListCreateView.as_view(), name="ticket-list"),
    path("stats/", TicketStatsView.as_view(), name="ticket-stats"),
    path("bulk/", TicketBulkView.as_view(), name="ticket-bulk"),
    path("export.csv", TicketExportView.as_view(), name="ticket-export"),
    path("<id:ticket_id>/", TicketDetailView.as_view(), name="ticket-detail"),
    path("<id:ticket_id>/messages/", TicketMessagesView.as_view(), name="ticket-messages"),
    path("<id:ticket_id>/satisfaction/", TicketSatisfactionView.as_view(), name="ticket-satisfaction"),
    path("<id:ticket_id>/events/", TicketEventsView.as_view(), name="ticket-events"),
    path("<id:ticket_id>/attachments/", TicketAttachmentsView.as_view(), name="ticket-attachments"),
    path(
        "<id:ticket_id>/attachments/<id:attachment_id>/",
        AttachmentDownloadView.as_view(),
        name="ticket-attachment-download",
    ),
]
