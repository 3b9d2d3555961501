from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "support_desk.mail"
    label = "mail"
    verbose_name = "E-mail"

    def ready(self) -> None:
        # The notification receivers on the ticket signals, and the Celery tasks they queue.
        from support_desk.mail import anymail_inbound, notifications, tasks  # noqa: F401
