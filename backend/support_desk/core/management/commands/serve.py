"""`supportdesk serve`: the web server, with the one gunicorn command line every launcher uses
(`make run`, the container image, the end-to-end tests)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from support_desk.core.process_commands import gunicorn_command


class Command(BaseCommand):
    help = "Serve Support Desk with gunicorn (HOST, PORT and WEB_CONCURRENCY set the defaults)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            help="host:port, or fd://N for a socket opened by the caller (default HOST:PORT).",
        )
        parser.add_argument("--workers", type=int, help="Worker processes (default WEB_CONCURRENCY).")
        parser.add_argument("--threads", type=int, default=4, help="Threads per worker (default 4).")

    def handle(self, *args: Any, **options: Any) -> None:
        bind = options["bind"] or f"{settings.SERVE_HOST}:{settings.SERVE_PORT}"
        command = gunicorn_command(
            bind=bind,
            workers=options["workers"] or settings.WEB_CONCURRENCY,
            threads=options["threads"],
        )
        # Replace this process: signals from a supervisor (or Ctrl-C) reach gunicorn directly.
        os.execv(command[0], command)  # noqa: S606 - our own fixed command line
