"""Rate limits of the public endpoints (THROTTLE_PUBLIC_RATE): one count per client address,
and one per e-mail address named in the request, so neither many addresses from one client
nor many clients for one address get past it."""

from __future__ import annotations

import hashlib
from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from support_desk.core.throttles import ClientAddressMixin


class PublicClientThrottle(ClientAddressMixin, SimpleRateThrottle):
    scope = "public"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {
            "scope": f"{self.scope}:{view.throttle_name}:client",
            "ident": self.get_ident(request),
        }


class PublicAddressThrottle(SimpleRateThrottle):
    scope = "public"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None  # nothing to count: the body is invalid and refused anyway
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        return self.cache_format % {"scope": f"{self.scope}:{view.throttle_name}:address", "ident": digest}


class RatingThrottle(ClientAddressMixin, SimpleRateThrottle):
    """Answers through rating links, per client address (THROTTLE_RATING_RATE)."""

    scope = "rating"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
