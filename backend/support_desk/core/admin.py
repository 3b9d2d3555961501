from __future__ import annotations

from django.contrib import admin

from support_desk.core.models import FailedJob


@admin.register(FailedJob)
class FailedJobAdmin(admin.ModelAdmin[FailedJob]):
    list_display = ("task_name", "error", "failed_at", "resolved")
    list_filter = ("task_name", "resolved")
    readonly_fields = ("task_name", "task_id", "args", "kwargs", "error", "traceback", "failed_at")
