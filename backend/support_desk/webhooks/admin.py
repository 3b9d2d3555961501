"""Webhooks in the Django admin (admins only): endpoints with their last status, and the
delivery log. The secret is shown read-only so the receiver can be given it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from support_desk.accounts.permissions import is_admin
from support_desk.webhooks.models import EVENT_CHOICES, WebhookDelivery, WebhookEndpoint


class EndpointForm(forms.ModelForm[WebhookEndpoint]):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "description", "events", "is_active")


class DeliveryInline(admin.TabularInline[WebhookDelivery, WebhookEndpoint]):
    """The endpoint's deliveries, newest first (the full log is under Webhook deliveries)."""

    model = WebhookDelivery
    fields = ("created_at", "event", "state", "attempts", "status_code", "error_kind", "duration_ms")
    readonly_fields = fields
    extra = 0
    max_num = 0
    ordering = ("-created_at",)
    show_change_link = True


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin[WebhookEndpoint]):
    form = EndpointForm
    inlines = [DeliveryInline]
    list_display = ("url", "is_active", "last_delivery_at", "last_status_code", "last_error_kind")
    readonly_fields = ("secret", "last_delivery_at", "last_status_code", "last_error_kind")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: WebhookEndpoint | None = None) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: WebhookEndpoint | None = None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: WebhookEndpoint | None = None) -> bool:
        return is_admin(request.user)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = ("created_at", "endpoint", "event", "state", "attempts", "status_code", "error_kind")
    list_filter = ("state", "event")
    readonly_fields = (
        "endpoint",
        "event",
        "payload",
        "state",
        "attempts",
        "status_code",
        "error_kind",
        "duration_ms",
        "created_at",
        "finished_at",
        "next_attempt_at",
    )
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: WebhookDelivery | None = None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: WebhookDelivery | None = None) -> bool:
        return False
