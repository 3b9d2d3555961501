"""Triage's endpoints, mounted under /api/ by the site's URLs."""

from __future__ import annotations

from django.urls import path

from support_desk.triage.api.views import ClassifyView

urlpatterns = [
    # The seed's path: clients written for it call /api/tickets/classify/.
    path("tickets/classify/", ClassifyView.as_view(), name="ticket-classify"),
]
