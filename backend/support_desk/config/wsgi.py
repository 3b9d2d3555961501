"""WSGI entry point for gunicorn."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from support_desk.core.body_limit import ChunkedBodyLimit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_desk.config.settings.production")

# Chunked bodies are held to MAX_REQUEST_BYTES like any other (see core/body_limit.py).
application = ChunkedBodyLimit(get_wsgi_application())

# Load the triage models while the worker boots, not during a user's first keystrokes.
from support_desk.triage.engine import warm_up  # noqa: E402 - needs Django set up above

warm_up()
