from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "support_desk.replies"
    label = "replies"
    verbose_name = "Saved replies"
