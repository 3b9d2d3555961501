from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "support_desk.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Connects the deliveries to the ticket signals (and registers the delivery task).
        from support_desk.webhooks import receivers, tasks  # noqa: F401
