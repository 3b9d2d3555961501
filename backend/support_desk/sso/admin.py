from django.contrib import admin
from django.http import HttpRequest

from support_desk.sso.models import OidcIdentity


@admin.register(OidcIdentity)
class OidcIdentityAdmin(admin.ModelAdmin[OidcIdentity]):
    """Admins see and remove links (removing one makes the next sign-in provision or link anew);
    they are made only by signing in."""

    list_display = ("user", "email", "issuer", "subject", "last_sign_in_at")
    search_fields = ("user__username", "email", "subject")
    readonly_fields = ("user", "issuer", "subject", "email", "created_at", "last_sign_in_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
