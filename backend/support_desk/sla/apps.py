from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "support_desk.sla"
    label = "sla"
    verbose_name = "Service levels"
