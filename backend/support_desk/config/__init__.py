"""Project wiring: settings, URLs, WSGI and the Celery application.

The Celery app is imported here so that every process that loads Django (the web server,
management commands) sends jobs through it, with the queue and eager mode from the settings.
"""

from support_desk.config.celery import app as celery_app

__all__ = ("celery_app",)
