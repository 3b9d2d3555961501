"""Single sign-on over HTTP: what the sign-in screen shows, the way out to the provider and the
way back. The callback always answers with a redirect into the web app: to `next` when signed
in, or to the sign-in screen with `sso_error=<reason>`, which shows a sentence for it."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login, user_login_failed
from django.http import HttpResponseRedirect
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.accounts.security_events import SIGN_IN_METHOD_ATTRIBUTE
from support_desk.core.errors import NotFoundError
from support_desk.core.throttles import ScopedThrottle
from support_desk.sso.api.serializers import OidcConfigSerializer
from support_desk.sso.provider import ProviderError
from support_desk.sso.services import (
    SignInError,
    SignInRefused,
    check_next_path,
    oidc_enabled,
    sign_in_finish,
    sign_in_start,
)

logger = logging.getLogger(__name__)

SIGN_IN_PAGE = "/login"


class OidcConfigView(APIView):
    """Whether the sign-in screen offers a "Sign in with ..." button, and its label."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OidcConfigSerializer}, summary="Single sign-on: is it offered?")
    def get(self, request: Request) -> Response:
        return Response({"enabled": oidc_enabled(), "button_label": settings.OIDC_BUTTON_LABEL})


class OidcStartView(APIView):
    """The browser's way to the provider (the button is a plain link here)."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "sso"

    @extend_schema(
        parameters=[
            OpenApiParameter("next", str, description="A path of the web app to land on once signed in.")
        ],
        responses={
            302: OpenApiResponse(description="To the provider's sign-in page."),
            404: OpenApiResponse(description="Single sign-on is not configured."),
        },
        summary="Single sign-on: go to the provider",
    )
    def get(self, request: Request) -> HttpResponseRedirect:
        if not oidc_enabled():
            raise NotFoundError("Single sign-on is not configured.")
        next_path = check_next_path(request.query_params.get("next"))
        try:
            url = sign_in_start(session=request._request.session, next_path=next_path)
        except ProviderError as failure:
            logger.warning(
                "oidc_sign_in_failed", extra={"reason": "provider", "kind": failure.kind, "why": str(failure)}
            )
            return _to_sign_in_page(SignInError.PROVIDER)
        return HttpResponseRedirect(url)


class OidcCallbackView(APIView):
    """Where the provider sends the browser back with a code (or an error)."""

    permission_classes = [AllowAny]
    # The session cookie is all that counts here; a bearer token plays no part in signing in.
    authentication_classes: list[type] = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "sso"

    @extend_schema(
        parameters=[
            OpenApiParameter("code", str),
            OpenApiParameter("state", str),
            OpenApiParameter("error", str),
        ],
        responses={
            302: OpenApiResponse(description="Into the web app, or to its sign-in screen with sso_error."),
            404: OpenApiResponse(description="Single sign-on is not configured."),
        },
        summary="Single sign-on: back from the provider",
    )
    def get(self, request: Request) -> HttpResponseRedirect:
        django_request = request._request
        params = {key: str(value) for key, value in request.query_params.items()}
        try:
            signed_in = sign_in_finish(session=django_request.session, params=params)
        except SignInRefused as refusal:
            logger.warning(
                "oidc_sign_in_failed",
                extra={
                    "reason": str(refusal.error),
                    "why": str(refusal),
                    "user_id": refusal.user.pk if refusal.user else None,
                },
            )
            if refusal.user is not None:
                # Heard by the sign-in audit and the lockout count, like a wrong password.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": refusal.user.get_username(), "method": "oidc"},
                    request=django_request,
                )
            return _to_sign_in_page(refusal.error, next_path=refusal.next_path)
        # The record of sign-ins names the way in.
        setattr(django_request, SIGN_IN_METHOD_ATTRIBUTE, "oidc")
        login(django_request, signed_in.user, backend="django.contrib.auth.backends.ModelBackend")
        logger.info(
            "oidc_signed_in",
            extra={
                "user_id": signed_in.user.pk,
                "role": signed_in.user.role,
                "new_account": signed_in.created,
            },
        )
        return HttpResponseRedirect(signed_in.next_path)


def _to_sign_in_page(error: SignInError, *, next_path: str = "/") -> HttpResponseRedirect:
    query = {"next": next_path} if next_path != "/" else {}
    return HttpResponseRedirect(f"{SIGN_IN_PAGE}?{urlencode({**query, 'sso_error': str(error)})}")
