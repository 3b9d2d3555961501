from django.apps import AppConfig


class AssistConfig(AppConfig):
    name = "support_desk.assist"
    label = "assist"
    verbose_name = "Assistance"

    def ready(self) -> None:
        # Connects the background embedding, grouping and cache invalidation to the ticket signals.
        from support_desk.assist import receivers  # noqa: F401
