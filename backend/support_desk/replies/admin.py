from django.contrib import admin

from support_desk.replies.models import SavedReply


@admin.register(SavedReply)
class SavedReplyAdmin(admin.ModelAdmin[SavedReply]):
    list_display = ("title", "owner", "set_status", "set_priority", "updated_at")
    list_filter = ("set_status",)
    search_fields = ("title", "body")
