"""Project wiring: settings, URLs, WSGI and the Celery application."""
