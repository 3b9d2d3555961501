"""How the API knows who is calling: `Authorization: Bearer <token>` for integrations, the
session cookie (with CSRF) for the web app, kept to the second-factor step while one is owed."""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from support_desk.accounts.models import User
from support_desk.accounts.tokens import api_token_user
from support_desk.accounts.two_factor import SecondFactorStep, second_factor_step
from support_desk.core.errors import ErrorCode


class BearerTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Invalid Authorization header: expected 'Bearer <token>'.")
        try:
            token = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        user = api_token_user(token)
        if user is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return user, None

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (with WWW-Authenticate) rather than 403 when credentials are missing.
        return self.keyword


class SecondFactorRequired(exceptions.PermissionDenied):
    default_detail = "Enter the code from your authenticator app to finish signing in."
    default_code = ErrorCode.SECOND_FACTOR_REQUIRED.value


class SecondFactorSetupRequired(exceptions.PermissionDenied):
    default_detail = "Set up two-factor sign-in before anything else: it is required for staff."
    default_code = ErrorCode.SECOND_FACTOR_SETUP_REQUIRED.value


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication (CSRF on writes), refusing a session that still owes its
    second factor, except on the views that name that step in `partial_sign_in_steps`."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        found = super().authenticate(request)
        if found is None:
            return None
        step = second_factor_step(request._request, found[0])
        if step is None:
            return found
        view = (request.parser_context or {}).get("view")
        if step in getattr(view, "partial_sign_in_steps", ()):
            return found
        raise SecondFactorRequired() if step == SecondFactorStep.VERIFY else SecondFactorSetupRequired()
