from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "support_desk.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers the OpenAPI auth scheme, and the receivers that record sign-ins and sessions.
        from support_desk.accounts import lockout, schema, security_events, sign_in_sessions  # noqa: F401


class SupportDeskAdminConfig(admin_apps.AdminConfig):
    """Installed in place of django.contrib.admin, so `admin.site` is the site that asks for
    the second factor (accounts/admin_site.py)."""

    default = False
    default_site = "support_desk.accounts.admin_site.SupportDeskAdminSite"
