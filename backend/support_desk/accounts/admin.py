"""Admin for people and API tokens: admins manage users, roles and revoke tokens here, read the
record of sign-ins and security changes, and see (and end) anyone's sessions."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from support_desk.accounts.models import ApiToken, SecurityEvent, SignInSession, User
from support_desk.accounts.sign_in_sessions import sign_in_session_end
from support_desk.core.errors import NotFoundError


@admin.register(User)
class SupportDeskUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff", "magic_link_allowed")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Support Desk", {"fields": ("role", "magic_link_allowed")}),
    )
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Support Desk", {"fields": ("role",)}))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made with `supportdesk create_api_token`, which shows them once

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin[SecurityEvent]):
    """Read only: the record is written by sign-ins and security changes, never by hand."""

    list_display = ("created_at", "kind", "username", "ip_address", "user_agent")
    list_filter = ("kind",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "created_at"
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False


@admin.register(SignInSession)
class SignInSessionAdmin(admin.ModelAdmin[SignInSession]):
    list_display = ("user", "created_at", "last_seen_at", "ip_address", "user_agent", "ended_at")
    list_filter = ("ended_at",)
    search_fields = ("user__username", "ip_address")
    list_select_related = ("user",)
    readonly_fields = ("user", "created_at", "last_seen_at", "ip_address", "user_agent", "ended_at")
    exclude = ("session_key",)
    actions = ("end",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="End selected sessions (signs those browsers out)")
    def end(self, request: HttpRequest, queryset: QuerySet[SignInSession]) -> None:
        for row in queryset.filter(ended_at__isnull=True).select_related("user"):
            try:
                sign_in_session_end(user=row.user, session_id=row.pk, request=request, actor=request.user)
            except NotFoundError:
                continue  # expired already: nothing signs in with it
