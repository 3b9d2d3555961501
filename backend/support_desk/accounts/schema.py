"""Teaches the OpenAPI generator about bearer tokens and our session authentication."""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "support_desk.accounts.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "`supportdesk create_api_token` makes one.",
        }


class SecondFactorSessionScheme(SessionScheme):
    """The session cookie, as DRF's (it only adds the second-factor step)."""

    target_class = "support_desk.accounts.authentication.SessionAuthentication"
