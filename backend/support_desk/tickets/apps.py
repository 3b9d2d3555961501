from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "support_desk.tickets"
    label = "tickets"
    verbose_name = "Tickets"

    def ready(self) -> None:
        # Connects the background triage to ticket creation and registers the Celery tasks.
        from support_desk.tickets import sla_watch, ticket_triage  # noqa: F401
