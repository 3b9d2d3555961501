"""Serves the web app's index.html for client-side routes (WhiteNoise serves its assets)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def web_app_index(request: HttpRequest) -> HttpResponse:
    index = settings.WEB_APP_DIST / "index.html"
    if not index.is_file():
        return HttpResponse(
            "The web app is not built. Run `make install` (it builds frontend/), then reload.",
            content_type="text/plain; charset=utf-8",
            status=503,
        )
    # A HEAD answer has the GET's headers but no body (RFC 9110).
    body = b"" if request.method == "HEAD" else index.read_bytes()
    return HttpResponse(body, content_type="text/html; charset=utf-8")
