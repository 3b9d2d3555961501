"""Settings shared by every environment; the zero-setup default for `make run`.

Everything configurable comes from environment variables (see the README's table).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from support_desk.config.env import env_bool, env_int, env_list, env_str
from support_desk.core.logging import logging_config

# Lets typed generics such as ModelAdmin[Ticket] work at run time.
django_stubs_ext.monkeypatch()

BACKEND_DIR = Path(__file__).resolve().parents[3]
REPO_DIR = BACKEND_DIR.parent
VAR_DIR = Path(env_str("SUPPORTDESK_VAR_DIR", str(REPO_DIR / "var")))

# Only for local use; production settings require SECRET_KEY from the environment.
SECRET_KEY = env_str("SECRET_KEY", "insecure-local-development-key-change-me-0123456789abcdef")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "support_desk.core",
    "support_desk.accounts",
    "support_desk.tickets",
    "support_desk.triage",
]

MIDDLEWARE = [
    # First, so every response (redirects and refusals included) carries the id and is logged.
    "support_desk.core.request_id.RequestIdMiddleware",
    "support_desk.core.db_outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware, which may answer (redirect) before CORS headers could be added.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "support_desk.config.urls"
WSGI_APPLICATION = "support_desk.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'supportdesk.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", DEFAULT_SQLITE_URL) or DEFAULT_SQLITE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers proceed during a write; the timeout rides out short write bursts.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
WEB_APP_DIST = Path(env_str("WEB_APP_DIST", str(REPO_DIR / "frontend" / "dist")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The built web app's files are served at the site root by WhiteNoise.
WHITENOISE_ROOT = WEB_APP_DIST if WEB_APP_DIST.is_dir() else None

# Requests larger than this are refused before any parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 1_048_576)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["support_desk.core.parsers.SafeJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "support_desk.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_RATES": {
        "classify": env_str("THROTTLE_CLASSIFY_RATE", "60/min"),
        "login": env_str("THROTTLE_LOGIN_RATE", "10/min"),
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "support_desk.core.exception_handler.api_exception_handler",
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Who suggests categories and priorities: auto | llm | local | off (see triage/engine.py).
TRIAGE_PROVIDER = env_str("TRIAGE_PROVIDER", "auto").strip().lower()
if TRIAGE_PROVIDER not in {"auto", "llm", "local", "off"}:
    raise ImproperlyConfigured(f"TRIAGE_PROVIDER must be auto, llm, local or off; got {TRIAGE_PROVIDER!r}.")

# Throttle counts and other shared state: Redis when CACHE_URL is set (several processes or
# machines must share one count), otherwise this process's memory (fine for `make run`).
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Versions of the local triage model trained on the team's corrections (`supportdesk triage train`).
TRIAGE_LOCAL_MODEL_DIR = Path(env_str("TRIAGE_MODEL_DIR", str(VAR_DIR / "triage-model")))

# Background work. No broker: tasks run in-process (eagerly) after the transaction commits.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves it for another worker
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_BACKEND = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "support_desk")
# Failed jobs are retried with exponential backoff (seconds, doubling) before being recorded.
JOB_MAX_RETRIES = env_int("JOB_MAX_RETRIES", 5)
JOB_RETRY_BACKOFF_SECONDS = env_int("JOB_RETRY_BACKOFF_SECONDS", 2)
# Recheck a ticket's triage with the language model after creation (when one is configured).
TRIAGE_RECHECK_AFTER_CREATE = env_bool("TRIAGE_RECHECK_AFTER_CREATE", True)

# Whether `seed_demo` creates the demo sign-ins (never in production settings).
DEMO_MODE = env_bool("DEMO_MODE", True)

SPECTACULAR_SETTINGS = {
    "TITLE": "Support Desk API",
    "DESCRIPTION": "Tickets, statistics and AI triage for a small support team.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "support_desk.core.schema.mark_response_fields_required",
        "support_desk.core.schema.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "support_desk.triage.taxonomy.CATEGORY_CHOICES",
        "PriorityEnum": "support_desk.triage.taxonomy.PRIORITY_CHOICES",
        "StatusEnum": "support_desk.tickets.enums.Status.choices",
        "TriageSourceEnum": "support_desk.triage.taxonomy.TRIAGE_SOURCE_CHOICES",
    },
}

# Cross-origin API calls only from the listed origins (none by default: the web app is same-origin).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["Link", "Retry-After", "X-Request-ID"]

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
# `plain` for reading in a terminal, `json` (one object per line) for log collectors.
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
