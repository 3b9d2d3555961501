"""The Content-Security-Policy (django-csp) on the pages a browser renders.

Only HTML needs it: a JSON answer runs no script, and building the header costs about a tenth
of a millisecond, which every API request would pay for nothing.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# Pages other sites may frame (the public request form), and only the sites CORS_ALLOWED_ORIGINS lists.
EMBEDDABLE_PATHS = frozenset({"/request"})


class PageContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        origins = settings.CORS_ALLOWED_ORIGINS
        if request.path.rstrip("/") in EMBEDDABLE_PATHS and origins:
            response._csp_replace = {"frame-ancestors": ["'self'", *origins]}  # type: ignore[attr-defined]
            # frame-ancestors is the modern rule; X-Frame-Options cannot name several sites (the
            # clickjacking middleware, which runs after this one on the way out, leaves it off).
            response.xframe_options_exempt = True  # type: ignore[attr-defined]
        return super().process_response(request, response)
