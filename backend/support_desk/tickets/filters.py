"""Query-string filters for the ticket list; unknown values are a 400 naming the parameter."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from support_desk.core.strict_input import parse_whole_number
from support_desk.tickets.enums import Status
from support_desk.tickets.models import Ticket
from support_desk.tickets.selectors import ticket_search
from support_desk.triage.taxonomy import category_choices, priority_choices

SEARCH_MAX_LENGTH = 200


def _user_reference(value: str, *, allow_keywords: bool) -> str:
    """`me`, `none` (for assignee) or a user id; anything else is a validation error."""
    if allow_keywords and value in ("me", "none"):
        return value
    if parse_whole_number(value) is None:
        expected = "'me', 'none' or a user id" if allow_keywords else "a user id"
        raise forms.ValidationError(f"Expected {expected}.")
    return value


class AssigneeField(forms.CharField):
    def clean(self, value: str | None) -> str | None:
        value = super().clean(value)
        return _user_reference(value, allow_keywords=True) if value else None


class RequesterField(forms.CharField):
    def clean(self, value: str | None) -> str | None:
        value = super().clean(value)
        return _user_reference(value, allow_keywords=False) if value else None


class AssigneeFilter(django_filters.CharFilter):
    field_class = AssigneeField


class RequesterFilter(django_filters.CharFilter):
    field_class = RequesterField


class TicketListFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=category_choices())
    priority = django_filters.ChoiceFilter(choices=priority_choices())
    status = django_filters.ChoiceFilter(choices=Status.choices)
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words that must begin words of the title or description (case-insensitive).",
    )
    assignee = AssigneeFilter(method="filter_assignee", help_text="`me`, `none` (unassigned) or a user id.")
    requester = RequesterFilter(method="filter_requester", help_text="A user id.")

    class Meta:
        model = Ticket
        fields = ("category", "priority", "status", "search", "assignee", "requester")

    def filter_search(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return ticket_search(queryset, value)

    def filter_assignee(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value == "me":
            return queryset.filter(assignee=self.request.user if self.request else None)
        return queryset.filter(assignee_id=int(value))

    def filter_requester(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return queryset.filter(requester_id=int(value))
