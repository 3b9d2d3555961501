from django.urls import path

from support_desk.tickets.api.views import (
    TicketDetailView,
    TicketEventsView,
    TicketListCreateView,
    TicketMessagesView,
    TicketStatsView,
)
from support_desk.triage.api.views import ClassifyView

urlpatterns = [
    path("", TicketListCreateView.as_view(), name="ticket-list"),
    path("stats/", TicketStatsView.as_view(), name="ticket-stats"),
    path("classify/", ClassifyView.as_view(), name="ticket-classify"),
    path("<int:ticket_id>/", TicketDetailView.as_view(), name="ticket-detail"),
    path("<int:ticket_id>/messages/", TicketMessagesView.as_view(), name="ticket-messages"),
    path("<int:ticket_id>/events/", TicketEventsView.as_view(), name="ticket-events"),
]
