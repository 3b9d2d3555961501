"""Sign-in lockouts (django-axes): one JSON answer for the API and the admin, one log line each.

After LOGIN_FAILURE_LIMIT wrong passwords for one account or from one address, sign-in is
refused for LOGIN_LOCKOUT_MINUTES, even with the right password; the right password after the
cool-off resets the count. A sign-in forgives only its own account's failures: one person
signing in to their own account must not wipe the count of guesses at someone else's made from
the same address.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, JsonResponse

from support_desk.accounts.two_factor import SecondFactorStep, second_factor_step
from support_desk.core.client_address import client_address
from support_desk.core.errors import ErrorCode, error_body

logger = logging.getLogger(__name__)


def _retry_after_seconds(request: HttpRequest) -> int:
    cool_off = get_cool_off(request)
    return max(1, math.ceil(cool_off.total_seconds())) if cool_off else 60


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """429 with Retry-After, in the API's error shape (the admin's sign-in gets the same)."""
    seconds = _retry_after_seconds(request)
    minutes = max(1, math.ceil(seconds / 60))
    response = JsonResponse(
        error_body(
            f"Too many failed sign-in attempts. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
            ErrorCode.THROTTLED,
        ),
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


@receiver(user_locked_out, dispatch_uid="accounts.log_lockout")
def _log_lockout(sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any) -> None:
    logger.warning(
        "sign-in locked out",
        extra={
            "username": (username or "")[:150],
            "client_address": client_address(request),
            "path": request.path,
        },
    )


@receiver(user_logged_in, dispatch_uid="accounts.forgive_own_failures")
def _forgive_own_failures(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """The account's failed attempts are cleared once it signs in (AXES_RESET_ON_SUCCESS is off:
    axes would also clear the address's failures against every other account). A sign-in that
    still owes its code (through a link or single sign-on) clears nothing: signing in again that
    way must not buy more guesses at the code."""
    if second_factor_step(request, user) == SecondFactorStep.VERIFY:
        return
    AccessAttempt.objects.filter(username=user.get_username()).delete()
