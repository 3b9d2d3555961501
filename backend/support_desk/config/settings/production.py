"""Production settings: secrets and hosts from the environment, secure defaults.

These are what a process started without DJANGO_SETTINGS_MODULE runs (the WSGI app, Celery,
the `supportdesk` command), so a deployment never falls back to development settings by
accident. `make run`, `make dev` and the tests name `support_desk.config.settings.base`
(or `.test`) explicitly.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from support_desk.config.env import env_bool, env_choice, env_int, env_list, env_required
from support_desk.config.secret_key import require_strong_secret_key
from support_desk.config.settings.base import *  # noqa: F403
from support_desk.config.settings.base import DEVELOPMENT_SECRET_KEY, LOG_LEVEL
from support_desk.core.logging import logging_config

LOCAL_HINT = (
    " These are the production settings, the default when DJANGO_SETTINGS_MODULE is unset; to try"
    " Support Desk locally, set DJANGO_SETTINGS_MODULE=support_desk.config.settings.base"
    " (as `make run` does)."
)

DEBUG = False
try:
    SECRET_KEY = require_strong_secret_key(env_required("SECRET_KEY"), development_key=DEVELOPMENT_SECRET_KEY)
except ImproperlyConfigured as error:
    raise ImproperlyConfigured(f"{error}{LOCAL_HINT}") from None
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    # Also when it is set but holds only commas or blanks.
    raise ImproperlyConfigured(
        "The environment variable ALLOWED_HOSTS is required with these settings "
        "(comma-separated host names, for example support.example.com)." + LOCAL_HINT
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Probes come from inside the network over plain HTTP; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DEMO_MODE = False
# Anyone may file a request through the public form only once an admin turns it on.
PUBLIC_REQUESTS_ENABLED = env_bool("PUBLIC_REQUESTS_ENABLED", False)

# One JSON object per line for log collectors; LOG_FORMAT=plain to read them by eye.
LOG_FORMAT = env_choice("LOG_FORMAT", "json", ("plain", "json"))
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
