"""Django admin for tickets; every write goes through the services, so statistics stay exact
and the timeline names the admin who made the change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from support_desk.accounts.models import User
from support_desk.accounts.permissions import is_admin
from support_desk.tickets import services
from support_desk.tickets.models import Ticket, TicketDeletion


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the admin site only lets signed-in staff in
    return user


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin[Ticket]):
    list_display = ("id", "title", "category", "priority", "status", "created_at", "resolved_at")
    list_filter = ("status", "category", "priority", "created_at")
    search_fields = ("title", "description")
    readonly_fields = ("created_at", "updated_at", "resolved_at", "resolution_seconds", "channel")
    ordering = ("-created_at", "-id")
    show_full_result_count = False  # a COUNT(*) per page is slow on a large table

    def save_model(self, request: HttpRequest, obj: Ticket, form: Any, change: bool) -> None:
        fields = {
            name: form.cleaned_data[name] for name in services.UPDATABLE_FIELDS if name in form.cleaned_data
        }
        actor = _actor(request)
        if change:
            saved = services.ticket_update(ticket_id=obj.pk, changes=fields, actor=actor)
        else:
            saved = services.ticket_create(
                actor=actor, requester=form.cleaned_data.get("requester"), **fields
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def has_delete_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return is_admin(request.user) and super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Ticket) -> None:
        services.ticket_delete(ticket_id=obj.pk, actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        for ticket_id in queryset.values_list("pk", flat=True):
            services.ticket_delete(ticket_id=ticket_id, actor=_actor(request))


@admin.register(TicketDeletion)
class TicketDeletionAdmin(admin.ModelAdmin[TicketDeletion]):
    """The record of deleted tickets: read-only, for admins."""

    list_display = ("ticket_id", "title", "deleted_by_username", "deleted_at", "ticket_created_at")
    search_fields = ("title", "deleted_by_username")
    ordering = ("-deleted_at", "-id")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: TicketDeletion | None = None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TicketDeletion | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: TicketDeletion | None = None) -> bool:
        return False
