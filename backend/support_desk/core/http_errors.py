"""Django-level error views: JSON under /api/, plain pages elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found, server_error

from support_desk.core.errors import ErrorCode, error_body


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("Not found.", ErrorCode.NOT_FOUND), status=404)
    return page_not_found(request, exception or Exception("not found"))


def internal_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("Internal server error.", ErrorCode.SERVER_ERROR), status=500)
    return server_error(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return JsonResponse(error_body("Bad request.", ErrorCode.INVALID), status=400)
