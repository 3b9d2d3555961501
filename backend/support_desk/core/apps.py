from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "support_desk.core"
    label = "core"

    def ready(self) -> None:
        from support_desk.core.strict_input import IdConverter

        register_converter(IdConverter, "id")
