from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "support_desk.customers"
    label = "customers"
    verbose_name = "Customers"

    def ready(self) -> None:
        # Registers the Celery tasks (the sign-in mail, the purge of used-up links).
        from support_desk.customers import tasks  # noqa: F401
