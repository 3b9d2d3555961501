"""Service-level policies and the business hours they count in, as admins define them."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from support_desk.sla.calendar import supported_country

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a time zone name such as Europe/Berlin.")


class BusinessHours(models.Model):
    """When the team works: a time zone, weekly opening hours and closed days. Without any
    opening hours the calendar counts around the clock."""

    name = models.CharField(max_length=100, unique=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    holiday_country = models.CharField(
        max_length=8,
        blank=True,
        help_text="ISO country code whose public holidays are closed days (e.g. DE, US, GB); blank: none.",
    )
    holiday_subdivision = models.CharField(
        max_length=16, blank=True, help_text="Optional state or region code (e.g. BY for Bavaria)."
    )

    class Meta:
        verbose_name = "business hours"
        verbose_name_plural = "business hours"
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.time_zone})"

    def clean(self) -> None:
        if self.holiday_country and not supported_country(self.holiday_country, self.holiday_subdivision):
            raise ValidationError({"holiday_country": "The holidays package does not know this country."})


class OpeningHours(models.Model):
    business_hours = models.ForeignKey(BusinessHours, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    opens = models.TimeField()
    closes = models.TimeField(help_text="00:00 means midnight at the end of the day.")

    class Meta:
        verbose_name_plural = "opening hours"
        ordering = ("weekday", "opens")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self) -> None:
        if (self.closes.hour or self.closes.minute) and self.closes <= self.opens:
            raise ValidationError({"closes": "Closing time must come after opening time."})


class ClosedDay(models.Model):
    """A day the team is away beyond the public holidays (a company holiday, an offsite)."""

    business_hours = models.ForeignKey(BusinessHours, on_delete=models.CASCADE, related_name="closed_days")
    date = models.DateField()
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ("date",)
        constraints = [
            models.UniqueConstraint(fields=["business_hours", "date"], name="closedday_hours_date_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}".strip()


minutes_field = {
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(1)],
}


class SlaPolicy(models.Model):
    """Targets, in business minutes, for tickets of one priority (and, optionally, one
    category; a policy for the category wins over the one for all categories)."""

    name = models.CharField(max_length=100)
    priority = models.CharField(max_length=16)
    category = models.CharField(max_length=16, blank=True, help_text="Blank: every category.")
    business_hours = models.ForeignKey(
        BusinessHours,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text="Blank: the clock runs around the clock.",
    )
    first_response_minutes = models.PositiveIntegerField(**minutes_field)  # type: ignore[arg-type]
    next_response_minutes = models.PositiveIntegerField(**minutes_field)  # type: ignore[arg-type]
    resolution_minutes = models.PositiveIntegerField(**minutes_field)  # type: ignore[arg-type]

    class Meta:
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policies"
        ordering = ("priority", "category")
        constraints = [
            models.UniqueConstraint(fields=["priority", "category"], name="slapolicy_priority_category_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.priority}{'/' + self.category if self.category else ''})"
