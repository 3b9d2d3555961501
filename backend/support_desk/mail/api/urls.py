from django.urls import path

from support_desk.mail.api.views import (
    ChannelStatusView,
    InboundMailView,
    NotificationPreferencesView,
    TicketMailView,
)

urlpatterns = [
    path("inbound/", InboundMailView.as_view(), name="mail-inbound"),
    path("status/", ChannelStatusView.as_view(), name="mail-status"),
    path("preferences/", NotificationPreferencesView.as_view(), name="mail-preferences"),
    path("tickets/<id:ticket_id>/", TicketMailView.as_view(), name="mail-ticket"),
]
