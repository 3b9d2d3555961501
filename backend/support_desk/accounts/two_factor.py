"""Two-factor sign-in for staff: an authenticator app (TOTP, django-otp) and recovery codes.

A staff member with two-factor sign-in on is signed in only once they have given a code: the
password step leaves a short-lived "pending" mark in the (still anonymous) session, and the code
step signs them in. A session that came in another way (an e-mailed link, single sign-on) is
signed in but not verified, and `second_factor_step` keeps it to the code step until it is.
With REQUIRE_TWO_FACTOR_FOR_STAFF, staff without an authenticator are kept to setting one up.

Every wrong code counts as a failed sign-in for the account (django-axes), so guessing codes
locks the account exactly as guessing passwords does. A code is good once: django-otp keeps
the last time step used, and a recovery code is deleted when used. Recovery codes are stored as
keyed digests (HMAC with the SECRET_KEY), never as typed.
"""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user, login
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from support_desk.accounts.models import SecurityEventKind, User
from support_desk.accounts.security_events import SIGN_IN_METHOD_ATTRIBUTE, security_event_record
from support_desk.core.errors import ApplicationError, ErrorCode

RECOVERY_CODE_COUNT = 10
# Ten characters of base32: 50 random bits each, shown as two groups of five.
RECOVERY_CODE_LENGTH = 10
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
TOTP_DIGITS = 6
# How long the password step's mark waits for the code.
PENDING_MAX_AGE_SECONDS = 300
_PENDING_SESSION_KEY = "_support_desk_second_factor_pending"
_AUTHENTICATOR_NAME = "Authenticator app"
_RECOVERY_NAME = "Recovery codes"


class SecondFactorStep(StrEnum):
    """What a signed-in staff session still owes before it may do anything else."""

    VERIFY = "verify"
    SETUP = "setup"


class WrongCode(ApplicationError):
    """The code (from the app, or a recovery code) was not right, or was used before."""

    def __init__(self, detail: str = "That code is not right, or it was already used.") -> None:
        super().__init__(detail, code=ErrorCode.INVALID)


class SignInLocked(ApplicationError):
    """The account or address is locked out; the lockout middleware answers 429."""

    def __init__(self) -> None:
        super().__init__("Too many failed sign-in attempts.", code=ErrorCode.THROTTLED, status_code=429)


@dataclass(frozen=True)
class AuthenticatorSetup:
    """What the set-up screen shows: the secret, as a link for the app and as a QR code."""

    secret: str
    otpauth_url: str
    qr_code: str


def is_staff_member(user: Any) -> bool:
    """Agents and admins (and anyone who may open the Django admin) may use two factors."""
    return isinstance(user, User) and (user.is_agent or user.is_staff or user.is_superuser)


def two_factor_required(user: Any) -> bool:
    return bool(settings.REQUIRE_TWO_FACTOR_FOR_STAFF) and is_staff_member(user)


def two_factor_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_step(request: HttpRequest, user: Any) -> SecondFactorStep | None:
    """None when the session may be used as it is; otherwise the step it is kept to."""
    if not is_staff_member(user):
        return None
    # The device that verified this session: set by django-otp's middleware from the session,
    # or by the code step itself on the request that signs in.
    if getattr(user, "otp_device", None) is not None:
        return None
    if two_factor_enabled(user):
        return SecondFactorStep.VERIFY
    if two_factor_required(user):
        return SecondFactorStep.SETUP
    return None


# --- signing in ------------------------------------------------------------------------------


def sign_in_after_password(*, request: HttpRequest, user: User) -> SecondFactorStep | None:
    """After the right password: sign in, or (two-factor on) wait for the code.

    Returns the step the person must take next, if any. The session of a person who owes a
    code is not signed in at all, so no sign-in signal fires (and the lockout's count of
    failures is not reset) before the code is right.
    """
    if is_staff_member(user) and two_factor_enabled(user):
        request.session[_PENDING_SESSION_KEY] = {
            "user": user.pk,
            "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
            "at": time.time(),
        }
        return SecondFactorStep.VERIFY
    setattr(request, SIGN_IN_METHOD_ATTRIBUTE, "password")
    login(request, user)
    return SecondFactorStep.SETUP if two_factor_required(user) else None


def _pending_user(request: HttpRequest) -> tuple[User, str] | None:
    pending = request.session.get(_PENDING_SESSION_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_MAX_AGE_SECONDS:
        return None
    user_id = pending.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return None if user is None else (user, str(pending.get("backend")))


def sign_in_with_code(*, request: HttpRequest, code: str) -> User:
    """The code step: completes a password sign-in, or verifies a session that came in another
    way. Raises WrongCode (counted by the lockout), SignInLocked, or ApplicationError when
    there is nothing waiting for a code."""
    # The session's own user (the API view does not authenticate this request, so that a
    # session owing its code can reach it).
    signed_in = get_user(request)
    if isinstance(signed_in, User) and second_factor_step(request, signed_in) == SecondFactorStep.VERIFY:
        device = second_factor_check(request=request, user=signed_in, code=code)
        request.user = signed_in
        otp_login(request, device)
        # Only now is the sign-in whole: the account's failed attempts are forgiven (see lockout.py).
        AccessAttempt.objects.filter(username=signed_in.get_username()).delete()
        return signed_in
    pending = _pending_user(request)
    if pending is None:
        raise ApplicationError(
            "Sign in with your username and password first; the code step waits five minutes.",
            code=ErrorCode.INVALID,
        )
    user, backend = pending
    device = second_factor_check(request=request, user=user, code=code)
    del request.session[_PENDING_SESSION_KEY]
    user.otp_device = device  # type: ignore[attr-defined]  # django-otp stores it at login()
    setattr(request, SIGN_IN_METHOD_ATTRIBUTE, "password")
    login(request, user, backend=backend)
    return user


def second_factor_check(*, request: HttpRequest, user: User, code: str) -> Device:
    """The device that accepts `code` (the authenticator's, or a recovery code's).

    A locked-out account or address is refused before looking; a wrong code is a failed
    sign-in (the lockout counts it and the record shows it).
    """
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.axes_locked_out = True  # type: ignore[attr-defined]  # the lockout middleware answers
        request.axes_credentials = credentials  # type: ignore[attr-defined]
        raise SignInLocked()
    device = _verify(user=user, code=code)
    if device is None:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request, second_factor=True)
        raise WrongCode()
    if isinstance(device, StaticDevice):
        security_event_record(
            kind=SecurityEventKind.RECOVERY_CODE_USED,
            request=request,
            user=user,
            detail={"recovery_codes_left": recovery_codes_left(user)},
        )
    return device


def _normalized(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def recovery_code_digest(code: str) -> str:
    """What is stored of a recovery code: a keyed digest (it fits django-otp's token column)."""
    return salted_hmac(
        "support_desk.accounts.recovery_code", _normalized(code), algorithm="sha256"
    ).hexdigest()[:16]


def _verify(*, user: User, code: str) -> Device | None:
    normalized = _normalized(code)
    # The device rows are locked, so the same code sent twice at once is accepted once.
    with transaction.atomic():
        if len(normalized) == TOTP_DIGITS and normalized.isdigit():
            totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            return totp if totp is not None and totp.verify_token(normalized) else None
        if len(normalized) != RECOVERY_CODE_LENGTH:
            return None
        static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        return (
            static if static is not None and static.verify_token(recovery_code_digest(normalized)) else None
        )


# --- turning it on and off ------------------------------------------------------------------


def authenticator_setup_begin(*, user: User) -> AuthenticatorSetup:
    """A new secret for the authenticator app, not yet in force (confirm it with a code)."""
    if not is_staff_member(user):
        raise ApplicationError(
            "Two-factor sign-in is for agents and admins.", code=ErrorCode.PERMISSION_DENIED
        )
    if two_factor_enabled(user):
        raise ApplicationError(
            "Two-factor sign-in is already on. Turn it off first to use another app.",
            code=ErrorCode.CONFLICT,
            status_code=409,
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=_AUTHENTICATOR_NAME, confirmed=False)
    url = device.config_url
    return AuthenticatorSetup(
        secret=b32encode(device.bin_key).decode(),
        otpauth_url=url,
        qr_code=segno.make(url, error="m").svg_data_uri(scale=5, border=2),
    )


def authenticator_setup_confirm(*, request: HttpRequest, user: User, code: str) -> list[str]:
    """Put the new secret in force once the app shows a right code; returns the recovery
    codes, which are shown this once. The session that confirmed counts as verified."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise ApplicationError(
                "Start the set-up first (or it is already on).", code=ErrorCode.CONFLICT, status_code=409
            )
        normalized = _normalized(code)
        if not (len(normalized) == TOTP_DIGITS and normalized.isdigit() and device.verify_token(normalized)):
            raise WrongCode("That code is not right. Check that your phone's clock is set automatically.")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
    otp_login(request, device)
    security_event_record(kind=SecurityEventKind.TWO_FACTOR_ENABLED, request=request, user=user)
    return codes


def two_factor_disable(*, request: HttpRequest, user: User, code: str) -> None:
    """Turn two-factor sign-in off with a code (not while it is required of staff)."""
    if two_factor_required(user):
        raise ApplicationError(
            "Two-factor sign-in is required for staff here, so it cannot be turned off.",
            code=ErrorCode.CONFLICT,
            status_code=409,
        )
    if not two_factor_enabled(user):
        raise ApplicationError("Two-factor sign-in is not on.", code=ErrorCode.CONFLICT, status_code=409)
    second_factor_check(request=request, user=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    security_event_record(kind=SecurityEventKind.TWO_FACTOR_DISABLED, request=request, user=user)


def recovery_codes_regenerate(*, request: HttpRequest, user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), with a code as proof."""
    if not two_factor_enabled(user):
        raise ApplicationError("Two-factor sign-in is not on.", code=ErrorCode.CONFLICT, status_code=409)
    second_factor_check(request=request, user=user, code=code)
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
    security_event_record(kind=SecurityEventKind.RECOVERY_CODES_REGENERATED, request=request, user=user)
    return codes


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _replace_recovery_codes(user: User) -> list[str]:
    device = StaticDevice.objects.filter(user=user).first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_RECOVERY_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=recovery_code_digest(c)) for c in codes)
    return codes
