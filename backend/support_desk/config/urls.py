"""The site's URLs: the API under /api/, health probes, the admin, and the web app at /."""

from __future__ import annotations

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from support_desk.core.health import healthz, readyz
from support_desk.core.web_app import web_app_index
from support_desk.tickets.api.views import TaxonomyView

handler400 = "support_desk.core.http_errors.bad_request"
handler404 = "support_desk.core.http_errors.not_found"
# A lost database connection raised in middleware is a 503, not a 500 (see core/db_outage.py).
handler500 = "support_desk.core.db_outage.server_error"

DOCS_CSP = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"], "img-src": ["data:"]})

api_urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("support_desk.triage.urls")),
    path("tickets/", include("support_desk.tickets.api.urls")),
    path("mail/", include("support_desk.mail.api.urls")),
    path("", include("support_desk.assist.urls")),
    path("taxonomy/", TaxonomyView.as_view(), name="taxonomy"),
    path("tags/", include("support_desk.tickets.api.tag_urls")),
    path("saved-replies/", include("support_desk.replies.urls")),
    path("", include("support_desk.accounts.api.urls")),
    path("", include("support_desk.customers.api.urls")),
    path("", include("support_desk.sso.api.urls")),
    # The schema and its documentation are public, like the health probes.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    # The split view serves its start-up script as a file, so no inline script is needed; the
    # documentation pages style themselves inline and Redoc runs a worker from a blob.
    path(
        "docs/",
        DOCS_CSP(SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[AllowAny])),
        name="docs",
    ),
    path(
        "redoc/",
        DOCS_CSP(SpectacularRedocView.as_view(url_name="schema", permission_classes=[AllowAny])),
        name="redoc",
    ),
]

urlpatterns = [
    path("api/", include(api_urlpatterns)),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # Mail services' inbound webhooks (Mailgun, Postmark, SendGrid...), when ANYMAIL_WEBHOOK_SECRET is set.
    *([path("anymail/", include("anymail.urls"))] if settings.ANYMAIL.get("WEBHOOK_SECRET") else []),
    # Client-side routes of the web app; anything under api/ or static/ is never the app.
    re_path(r"^(?!api/|static/|admin/|anymail/)(?:.*)$", web_app_index, name="web-app"),
]
