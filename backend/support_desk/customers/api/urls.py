from django.urls import path

from support_desk.customers.api.views import (
    MagicLinkRequestView,
    PublicFormView,
    PublicRatingView,
    PublicTicketView,
)

urlpatterns = [
    path("public/form/", PublicFormView.as_view(), name="public-form"),
    path("public/tickets/", PublicTicketView.as_view(), name="public-tickets"),
    path("public/ratings/", PublicRatingView.as_view(), name="public-ratings"),
    path("auth/magic-link/", MagicLinkRequestView.as_view(), name="auth-magic-link"),
]
