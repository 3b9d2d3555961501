from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "support_desk.triage"
    label = "triage"
    verbose_name = "Triage"
