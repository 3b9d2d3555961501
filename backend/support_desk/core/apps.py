from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "support_desk.core"
    label = "core"
