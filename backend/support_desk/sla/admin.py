"""Django admin for service levels: policies with their targets, business hours with their
opening hours and closed days. Priorities and categories come from the product's taxonomy,
named in settings, since this library imports no other domain."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.module_loading import import_string

from support_desk.sla.models import BusinessHours, ClosedDay, OpeningHours, SlaPolicy


def _choices(setting: str) -> list[tuple[str, str]]:
    return [(str(value), str(title)) for value, title in import_string(setting)]


class SlaPolicyForm(forms.ModelForm[SlaPolicy]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"] = forms.ChoiceField(choices=_choices(settings.SLA_PRIORITY_CHOICES))
        self.fields["category"] = forms.ChoiceField(
            choices=[("", "every category"), *_choices(settings.SLA_CATEGORY_CHOICES)], required=False
        )

    class Meta:
        model = SlaPolicy
        fields = (
            "name",
            "priority",
            "category",
            "business_hours",
            "first_response_minutes",
            "next_response_minutes",
            "resolution_minutes",
        )


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin[SlaPolicy]):
    form = SlaPolicyForm
    list_display = (
        "name",
        "priority",
        "category",
        "business_hours",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
    )
    list_filter = ("priority",)


class OpeningHoursInline(admin.TabularInline[OpeningHours, BusinessHours]):
    model = OpeningHours
    extra = 0


class ClosedDayInline(admin.TabularInline[ClosedDay, BusinessHours]):
    model = ClosedDay
    extra = 0


@admin.register(BusinessHours)
class BusinessHoursAdmin(admin.ModelAdmin[BusinessHours]):
    list_display = ("name", "time_zone", "holiday_country", "holiday_subdivision")
    inlines = [OpeningHoursInline, ClosedDayInline]
