"""The e-mail channel in the Django admin, for admins only: received mail (the quarantine, with
its reasons and a re-process action), sent mail with its delivery state, bouncing addresses."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from support_desk.accounts.permissions import is_admin
from support_desk.mail.models import AddressStatus, InboundMail, OutboundMail
from support_desk.mail.services import mail_reprocess


class AdminOnly:
    """Mail holds customers' messages: admins only, and read-only (writes go through services)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(InboundMail)
class InboundMailAdmin(AdminOnly, admin.ModelAdmin[InboundMail]):
    list_display = ("id", "received_at", "status", "reason", "sender", "subject", "source", "ticket_id")
    list_filter = ("status", "reason", "sender_verification", "source")
    search_fields = ("sender", "subject", "message_id")
    ordering = ("-received_at", "-id")
    exclude = ("raw",)
    readonly_fields = (
        "source",
        "status",
        "reason",
        "detail",
        "sender",
        "subject",
        "message_id",
        "size",
        "attempts",
        "is_automatic",
        "sender_verification",
        "sender_verification_detail",
        "ticket",
        "ticket_message",
        "received_at",
        "processed_at",
        "raw_text",
        "full_text",
    )
    actions = ["reprocess", "accept_unverified"]

    @admin.display(description="raw message (first 100,000 characters)")
    def raw_text(self, obj: InboundMail) -> str:
        return bytes(obj.raw)[:100_000].decode("utf-8", "replace")

    @admin.action(description="Re-process the selected quarantined mail")
    def reprocess(self, request: HttpRequest, queryset: QuerySet[InboundMail]) -> None:
        self._reprocess(request, queryset, accept_unverified=False)

    @admin.action(description="Accept the selected customers' mail although its sender is not proven")
    def accept_unverified(self, request: HttpRequest, queryset: QuerySet[InboundMail]) -> None:
        self._reprocess(request, queryset, accept_unverified=True)

    def _reprocess(
        self, request: HttpRequest, queryset: QuerySet[InboundMail], *, accept_unverified: bool
    ) -> None:
        for record in queryset:
            result = mail_reprocess(inbound_id=record.pk, accept_unverified=accept_unverified)
            self.message_user(
                request,
                result.line(f"mail {record.pk}:"),
                messages.SUCCESS if result.stored_or_ignored else messages.WARNING,
            )

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Actions need it; every field stays read-only.
        return is_admin(request.user)


@admin.register(OutboundMail)
class OutboundMailAdmin(AdminOnly, admin.ModelAdmin[OutboundMail]):
    list_display = ("id", "created_at", "kind", "recipient", "status", "attempts", "ticket_id")
    list_filter = ("status", "kind")
    search_fields = ("recipient", "subject", "message_id")
    ordering = ("-created_at", "-id")


@admin.register(AddressStatus)
class AddressStatusAdmin(AdminOnly, admin.ModelAdmin[AddressStatus]):
    list_display = ("email", "bouncing", "bounce_count", "last_bounce_at")
    list_filter = ("bouncing",)
    search_fields = ("email",)
