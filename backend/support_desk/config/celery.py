"""The Celery application: `celery -A support_desk.config.celery worker`.

Without a broker (`CELERY_BROKER_URL` unset, as in `make run`), tasks run in-process
right after the request's transaction commits, so nothing needs Redis to work.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_desk.config.settings.production")

app = Celery("support_desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
