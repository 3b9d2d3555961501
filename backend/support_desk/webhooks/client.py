"""The one place webhooks talk to the outside world: a signed POST to a checked address, with
one deadline for the whole exchange, redirects refused, and every failure named by its kind
(never the secret, never the body). It never raises: whatever the receiver does is an outcome.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from support_desk.webhooks.targets import Resolver, Target, TargetRefused, system_resolver, target_resolve

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Support-Desk-Signature"
USER_AGENT = "SupportDesk-Webhooks/1.0"
# A receiver's answer is read to its end (a reset mid-answer is a failure), up to this size.
MAX_RESPONSE_BYTES = 64 * 1024


ERROR_KINDS = (
    "invalid_url",  # not an http(s) URL with a host and a valid port
    "dns",  # the name does not resolve (or not in time)
    "private_address",  # refused by the address policy (support_desk/webhooks/targets.py)
    "connection",  # refused, reset or closed by the receiver
    "timeout",  # the whole exchange did not finish within the deadline
    "tls",  # the TLS handshake or certificate failed
    "protocol",  # the answer is not HTTP (a garbage status line, bad headers, a cut-off body)
    "response_too_large",  # the answer's body is over MAX_RESPONSE_BYTES
    "redirect",  # a 3xx: never followed
    "http_status",  # any other non-2xx status
    "error",  # anything else (logged with its traceback)
)


@dataclass(frozen=True)
class DeliveryOutcome:
    status_code: int | None
    # None when the receiver answered 2xx in full; else one of ERROR_KINDS.
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


class _TooLarge(Exception):
    pass


class _PinnedConnection(http.client.HTTPConnection):
    """HTTP(S) to one of the target's checked addresses: the socket goes to the address, while
    the Host header, TLS server name and certificate check use the URL's name."""

    def __init__(self, target: Target, *, deadline: float):
        super().__init__(target.host, target.port, timeout=max(deadline - time.monotonic(), 0.001))
        self._target = target
        self._deadline = deadline
        self._tls = ssl.create_default_context() if target.scheme == "https" else None
        if self._tls:
            self.default_port = 443  # the Host header names the port only when it is not the default

    def connect(self) -> None:
        error: OSError = OSError("no address")
        for address in self._target.addresses:  # in the resolver's order, as browsers do
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the deadline passed while connecting")
            try:
                sock = socket.create_connection((str(address), self._target.port), remaining)
                break
            except OSError as failed:
                error = failed
        else:
            raise error
        self.sock = sock  # set before the handshake, so the deadline can cut it short too
        if self._tls:
            self.sock = self._tls.wrap_socket(sock, server_hostname=self._target.host)


class _Deadline:
    """Shuts the connection's socket when the time is up, so no read waits past it (a socket
    timeout bounds one read, not a receiver that trickles a byte at a time)."""

    def __init__(self, connection: _PinnedConnection, seconds: float):
        self.expired = False
        self._connection = connection
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True

    def _expire(self) -> None:
        self.expired = True
        sock = self._connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()


def _error_kind(error: Exception) -> str:
    if isinstance(error, TargetRefused):
        return error.kind
    if isinstance(error, TimeoutError):
        return "timeout"
    if isinstance(error, ssl.SSLError):
        return "tls"
    if isinstance(error, http.client.HTTPException):
        return "protocol"  # before OSError: a receiver that hangs up unanswered is both
    if isinstance(error, OSError):
        return "connection"
    return "error"


def _exchange(target: Target, headers: dict[str, str], body: bytes, path: str, deadline: float) -> int:
    """POST once and read the whole answer before `deadline` (monotonic); its status."""
    connection = _PinnedConnection(target, deadline=deadline)
    try:
        with _Deadline(connection, deadline - time.monotonic()) as watch:
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read(MAX_RESPONSE_BYTES + 1)
            except (OSError, http.client.HTTPException):
                if watch.expired:
                    raise TimeoutError("the deadline passed") from None
                raise
        if watch.expired:  # an answer cut short by the deadline is no answer
            raise TimeoutError("the deadline passed")
        if len(answer) > MAX_RESPONSE_BYTES:
            raise _TooLarge
        return response.status
    finally:
        connection.close()


def post_signed(
    url: str,
    *,
    body: bytes,
    secret: str,
    event: str,
    delivery_id: int,
    timeout: float,
    allow_private: bool = False,
    resolver: Resolver = system_resolver,
    now: float | None = None,
) -> DeliveryOutcome:
    """POST `body` (JSON) to `url` with the signature headers; a complete 2xx answer is
    delivered. `timeout` bounds everything: resolving, connecting, sending, reading the answer.
    Inward addresses are refused unless `allow_private` (see targets.py)."""
    timestamp = int(time.time() if now is None else now)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Support-Desk-Event": event,
        "X-Support-Desk-Delivery": str(delivery_id),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
        "Connection": "close",
    }
    started = time.monotonic()
    status: int | None = None
    kind: str | None = None
    try:
        target = target_resolve(url, allow_private=allow_private, timeout=timeout, resolver=resolver)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        status = _exchange(target, headers, body, path, started + timeout)
    except _TooLarge:
        kind = "response_too_large"
    except Exception as error:  # every failure is an outcome with a kind
        kind = _error_kind(error)
        if kind == "error":
            logger.exception("webhook delivery crashed", extra={"delivery_id": delivery_id, "event": event})
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
