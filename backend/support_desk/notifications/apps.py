from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "support_desk.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Connects the service-level mail to the ticket signals (and registers its Celery task).
        from support_desk.notifications import sla_mail  # noqa: F401
