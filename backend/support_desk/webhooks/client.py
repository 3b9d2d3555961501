"""The one place webhooks talk to the outside world: a signed POST with a timeout, redirects
refused, and every failure named by its kind (never the secret, never the body)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Support-Desk-Signature"
USER_AGENT = "SupportDesk-Webhooks/1.0"


@dataclass(frozen=True)
class DeliveryOutcome:
    status_code: int | None
    # None when the receiver answered 2xx; else timeout, connection, redirect, http_status.
    error_kind: str | None
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.error_kind is None


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body, keyed with the secret>`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, *, now: float, tolerance_seconds: int = 300) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance_seconds:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), f"t={timestamp},v1={parts.get('v1', '')}")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is answered as the 3xx it is


_opener = urllib.request.build_opener(_NoRedirects)


def post_signed(
    url: str,
    *,
    body: bytes,
    secret: str,
    event: str,
    delivery_id: int,
    timeout: float,
    now: float | None = None,
) -> DeliveryOutcome:
    """POST `body` (JSON) to `url` with the signature headers; 2xx is delivered."""
    timestamp = int(time.time() if now is None else now)
    request = urllib.request.Request(  # noqa: S310 - the URL is an admin's, http(s) only (validated)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Support-Desk-Event": event,
            "X-Support-Desk-Delivery": str(delivery_id),
            SIGNATURE_HEADER: signature(secret, timestamp, body),
        },
    )
    started = time.monotonic()
    status: int | None = None
    kind: str | None = None
    try:
        with _opener.open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except TimeoutError:
        kind = "timeout"
    except urllib.error.URLError as error:
        kind = "timeout" if isinstance(error.reason, TimeoutError) else "connection"
    except OSError:
        kind = "connection"
    if kind is None and status is not None and not 200 <= status < 300:
        kind = "redirect" if 300 <= status < 400 else "http_status"
    outcome = DeliveryOutcome(
        status_code=status, error_kind=kind, duration_ms=int((time.monotonic() - started) * 1000)
    )
    if kind:
        logger.warning(
            "webhook delivery failed",
            extra={"delivery_id": delivery_id, "event": event, "error_kind": kind, "status": status},
        )
    return outcome
