"""The address a request really came from, for throttles and sign-in lockouts.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only as far as
the deployment's own proxies wrote it: with TRUSTED_PROXY_COUNT = n, the n-th address from
the right is the one our nearest proxy saw connect (each proxy appends its peer). With 0, the
header is ignored and the socket's peer (`REMOTE_ADDR`) is the client.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address as far as the trusted proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the header did not pass through all of them; take the
    # leftmost, which is still one of the proxies' own entries, never a client's invention.
    return forwarded[-min(trusted, len(forwarded))]
