"""The Content-Security-Policy (django-csp) on the pages a browser renders.

Only HTML needs it: a JSON answer runs no script, and building the header costs about a tenth
of a millisecond, which every API request would pay for nothing.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponseBase


class PageContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
