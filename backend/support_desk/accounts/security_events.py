"""The record of sign-ins and security changes (`SecurityEvent`), who, when and from where.

Sign-ins, sign-outs and failures come from Django's auth signals, so every way in (password,
the code of the second step, an e-mailed link, single sign-on) is recorded without its view
knowing; second-factor changes and ended sessions are recorded by their services.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest

from support_desk.accounts.models import SecurityEvent, SecurityEventKind, User
from support_desk.core.client_address import client_address

USER_AGENT_LENGTH = 300
# What the sign-in view may set on the request to name the way in (`password`, `link`, ...)
# before calling login(); without it, the authentication backend's name is recorded.
SIGN_IN_METHOD_ATTRIBUTE = "support_desk_sign_in_method"
_BACKEND_METHODS = {
    "django.contrib.auth.backends.ModelBackend": "password",
    "axes.backends.AxesStandaloneBackend": "password",
}


def request_origin(request: HttpRequest | None) -> tuple[str | None, str]:
    """The client's address (as the trusted proxies vouch for it) and its user agent."""
    if request is None:
        return None, ""
    address = client_address(request) or None
    return address, str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_LENGTH]


def security_event_record(
    *,
    kind: SecurityEventKind,
    request: HttpRequest | None,
    user: User | None,
    username: str = "",
    detail: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Record one event; the address and user agent come from `request` when there is one."""
    address, agent = request_origin(request)
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        ip_address=address,
        user_agent=agent,
        detail=detail or {},
    )


def security_events_for_admins(
    *, user_id: int | None = None, kind: str | None = None
) -> QuerySet[SecurityEvent]:
    """Newest first, optionally one person's or one kind's."""
    events = SecurityEvent.objects.select_related("user").order_by("-created_at", "-id")
    if user_id is not None:
        events = events.filter(user_id=user_id)
    if kind is not None:
        events = events.filter(kind=kind)
    return events


def sign_in_method(request: HttpRequest, user: Any) -> str:
    explicit = getattr(request, SIGN_IN_METHOD_ATTRIBUTE, None)
    if explicit:
        return str(explicit)
    backend = str(getattr(user, "backend", "") or request.session.get("_auth_user_backend", ""))
    return _BACKEND_METHODS.get(backend, backend.rsplit(".", 1)[-1] or "unknown")


@receiver(user_logged_in, dispatch_uid="accounts.record_sign_in")
def _record_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None:
        return
    detail: dict[str, Any] = {"method": sign_in_method(request, user)}
    device = getattr(user, "otp_device", None)
    if device is not None:
        detail["second_factor"] = "recovery_code" if device.__class__.__name__ == "StaticDevice" else "totp"
    security_event_record(kind=SecurityEventKind.SIGNED_IN, request=request, user=user, detail=detail)


@receiver(user_logged_out, dispatch_uid="accounts.record_sign_out")
def _record_sign_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        return
    security_event_record(kind=SecurityEventKind.SIGNED_OUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts.record_sign_in_failure")
def _record_sign_in_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    second_factor = bool(kwargs.get("second_factor"))
    security_event_record(
        kind=SecurityEventKind.SECOND_FACTOR_FAILED if second_factor else SecurityEventKind.SIGN_IN_FAILED,
        request=request,
        user=user,
        username=username,
    )


@receiver(user_locked_out, dispatch_uid="accounts.record_lockout")
def _record_lockout(sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any) -> None:
    name = (username or "")[:150]
    user = User.objects.filter(username=name).first() if name else None
    security_event_record(kind=SecurityEventKind.LOCKED_OUT, request=request, user=user, username=name)
