"""Query-string filters for the ticket list; unknown values are a 400 naming the parameter."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from support_desk.tickets.enums import Status
from support_desk.tickets.models import Ticket
from support_desk.tickets.selectors import ticket_search
from support_desk.triage.taxonomy import category_choices, priority_choices

SEARCH_MAX_LENGTH = 200


class TicketListFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=category_choices())
    priority = django_filters.ChoiceFilter(choices=priority_choices())
    status = django_filters.ChoiceFilter(choices=Status.choices)
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words that must begin words of the title or description (case-insensitive).",
    )

    class Meta:
        model = Ticket
        fields = ("category", "priority", "status", "search")

    def filter_search(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return ticket_search(queryset, value)
