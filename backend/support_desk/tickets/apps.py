from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "support_desk.tickets"
    label = "tickets"
    verbose_name = "Tickets"
