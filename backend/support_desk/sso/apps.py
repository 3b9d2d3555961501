from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "support_desk.sso"
    label = "sso"
    verbose_name = "Single sign-on"
