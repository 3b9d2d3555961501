"""Rate limits keyed on the real client address (core/client_address.py) or the signed-in user."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from support_desk.core.client_address import client_address


class ClientAddressMixin:
    """DRF's own `get_ident` trusts a client-supplied X-Forwarded-For; ours does not."""

    def get_ident(self, request: Request) -> str:
        return client_address(request._request)


class ScopedThrottle(ClientAddressMixin, ScopedRateThrottle):
    """A view's `throttle_scope` rate, per user when signed in, else per client address."""


class TicketCreateThrottle(ClientAddressMixin, SimpleRateThrottle):
    """New tickets per user (`THROTTLE_CREATE_RATE`; staff and integrations use the generous
    `THROTTLE_STAFF_CREATE_RATE`). Only creation counts: reading the list is not limited."""

    scope = "create"

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method != "POST":
            return True
        user = request.user
        self.scope = "create_staff" if getattr(user, "is_agent", False) else "create"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        user = request.user
        ident = str(user.pk) if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
