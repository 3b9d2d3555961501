"""The `supportdesk` command: the project's manage.py, installed as a console script."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run a Django management command; without DJANGO_SETTINGS_MODULE, with the production settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_desk.config.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
