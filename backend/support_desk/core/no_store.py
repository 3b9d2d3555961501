"""`Cache-Control: no-store` on API answers to a signed-in user: they hold customers' tickets,
which no shared cache, proxy or browser history should keep."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreForSignedInApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # DRF authenticates inside the view (tokens too) and sets the user on this request.
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") and user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
