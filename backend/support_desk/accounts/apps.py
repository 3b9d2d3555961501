from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "support_desk.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from support_desk.accounts import schema  # noqa: F401 - registers the OpenAPI auth scheme
