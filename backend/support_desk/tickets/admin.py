"""Django admin for tickets; every write goes through the services so statistics stay exact."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from support_desk.tickets import services
from support_desk.tickets.models import Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin[Ticket]):
    list_display = ("id", "title", "category", "priority", "status", "created_at", "resolved_at")
    list_filter = ("status", "category", "priority", "created_at")
    search_fields = ("title", "description")
    readonly_fields = ("created_at", "updated_at", "resolved_at", "resolution_seconds")
    ordering = ("-created_at", "-id")
    show_full_result_count = False  # a COUNT(*) per page is slow on a large table

    def save_model(self, request: HttpRequest, obj: Ticket, form: Any, change: bool) -> None:
        fields = {
            name: form.cleaned_data[name] for name in services.UPDATABLE_FIELDS if name in form.cleaned_data
        }
        if change:
            saved = services.ticket_update(ticket_id=obj.pk, changes=fields)
        else:
            saved = services.ticket_create(**fields)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: Ticket) -> None:
        services.ticket_delete(ticket_id=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        for ticket_id in queryset.values_list("pk", flat=True):
            services.ticket_delete(ticket_id=ticket_id)
