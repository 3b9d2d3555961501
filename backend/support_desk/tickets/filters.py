"""Query-string filters for the ticket list; unknown values are a 400 naming the parameter."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from support_desk.core.strict_input import parse_whole_number
from support_desk.tickets.enums import TAG_MAX_LENGTH, Status
from support_desk.tickets.models import Ticket, TicketTag
from support_desk.tickets.selectors import ticket_search
from support_desk.triage.language import language_choices
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


SLA_STATES = [
    ("breached", "A running target is past its due time"),
    ("due_soon", "The next due time falls within SLA_DUE_SOON_MINUTES"),
]
RATINGS = [("good", "Rated good"), ("bad", "Rated bad"), ("none", "Not rated (or never asked)")]
ORDERINGS = [("-created_at", "Newest first (the default)"), ("due", "Next due time first")]


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
    language = django_filters.ChoiceFilter(
        choices=language_choices(), help_text="The detected language (ISO 639-1 code)."
    )
    sla = django_filters.ChoiceFilter(
        choices=SLA_STATES,
        method="filter_sla",
        help_text="`breached`: a running service-level target is overdue; `due_soon`: the next"
        " due time is within the coming SLA_DUE_SOON_MINUTES (60 by default).",
    )
    tag = django_filters.CharFilter(
        method="filter_tag", max_length=TAG_MAX_LENGTH, help_text="Tickets with this tag."
    )
    rating = django_filters.ChoiceFilter(
        choices=RATINGS,
        method="filter_rating",
        help_text="The requester's rating of the latest resolution: `good`, `bad`, or `none`.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERINGS,
        method="filter_ordering",
        help_text="`due`: the next service-level due time first, tickets without one last.",
    )

    class Meta:
        model = Ticket
        fields = (
            "category",
            "priority",
            "status",
            "search",
            "assignee",
            "requester",
            "sla",
            "tag",
            "ordering",
            "language",
            "rating",
        )

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

    def filter_sla(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        now = timezone.now()
        if value == "breached":
            return queryset.filter(sla_due_at__lt=now)
        soon = now + timedelta(minutes=settings.SLA_DUE_SOON_MINUTES)
        return queryset.filter(sla_due_at__gte=now, sla_due_at__lt=soon)

    def filter_tag(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        tagged = TicketTag.objects.filter(tag__name=" ".join(value.split()).lower()).values("ticket_id")
        return queryset.filter(pk__in=tagged)

    def filter_rating(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return queryset.filter(rating__isnull=True) if value == "none" else queryset.filter(rating=value)

    def filter_ordering(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return queryset  # the paginator orders (core/pagination.py); the filter only validates it
