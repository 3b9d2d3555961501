"""Admin for people and API tokens: admins manage users, roles and revoke tokens here."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from support_desk.accounts.models import ApiToken, User


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
