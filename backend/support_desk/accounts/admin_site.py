"""The Django admin, asking staff with two-factor sign-in for their code as well.

The sign-in form takes an optional code: required (and checked, each wrong one counted by
the lockout like a wrong password) when the account has an authenticator, or refused outright
when two factors are required and the account has none yet. A session that has not given its
code (one signed in through an e-mailed link, say) is not let into the admin.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from support_desk.accounts.two_factor import (
    SignInLocked,
    WrongCode,
    second_factor_check,
    second_factor_step,
    two_factor_enabled,
    two_factor_required,
)


class AdminSignInForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label="Code",
        required=False,
        max_length=32,
        strip=True,
        help_text="From your authenticator app, or a recovery code (only when two-factor sign-in is on).",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is None:
            return cleaned
        if two_factor_enabled(user):
            code = cleaned.get("otp_token") or ""
            if not code:
                raise ValidationError("Enter the code from your authenticator app.", code="otp_required")
            assert self.request is not None
            try:
                device = second_factor_check(request=self.request, user=user, code=code)
            except (WrongCode, SignInLocked) as refused:
                # A lockout is answered with 429 by the lockout middleware, whatever the form says.
                raise ValidationError(refused.detail, code="otp_invalid") from None
            # django-otp marks the session verified when login() sees the device.
            user.otp_device = device  # type: ignore[attr-defined]
        elif two_factor_required(user):
            raise ValidationError(
                "Two-factor sign-in is required: set it up in the web app (Security) first.",
                code="otp_setup_required",
            )
        return cleaned


class SupportDeskAdminSite(admin.AdminSite):
    login_form = AdminSignInForm
    login_template = "accounts/admin_login.html"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and second_factor_step(request, request.user) is None
