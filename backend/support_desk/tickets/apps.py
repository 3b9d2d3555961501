from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "support_desk.tickets"
    label = "tickets"
    verbose_name = "Tickets"

    def ready(self) -> None:
        # Connects the background triage to ticket creation (and registers its Celery task).
        from support_desk.tickets import ticket_triage  # noqa: F401
