"""`supportdesk create_api_token <username> --role requester|agent|admin`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from support_desk.accounts.models import Role
from support_desk.accounts.services import user_ensure
from support_desk.accounts.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a user (created with the given role when missing). "
        "The token is printed once, alone on the last line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values, default=Role.REQUESTER)
        parser.add_argument("--name", default="", help="A label to recognise the token by.")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"].strip()
        if not username:
            raise CommandError("A username is required.")
        user, created = user_ensure(username=username, role=options["role"])
        if created:
            self.stdout.write(f"Created user {user.username!r} with role {user.role}.")
        elif user.role != options["role"]:
            self.stdout.write(f"User {user.username!r} exists with role {user.role}; its role is unchanged.")
        _, token = api_token_create(user=user, name=options["name"])
        self.stdout.write("Store this token now; it cannot be shown again:")
        self.stdout.write(token)
