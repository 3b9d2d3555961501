"""Settings shared by every environment; the zero-setup default for `make run`.

Everything configurable comes from environment variables (see the README's table).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from support_desk.config.env import (
    env_bool,
    env_choice,
    env_email_address,
    env_float,
    env_imap_url,
    env_int,
    env_list,
    env_path,
    env_rate,
    env_required,
    env_smtp_url,
    env_str,
)
from support_desk.core.logging import logging_config

# Lets typed generics such as ModelAdmin[Ticket] work at run time.
django_stubs_ext.monkeypatch()

BACKEND_DIR = Path(__file__).resolve().parents[3]
REPO_DIR = BACKEND_DIR.parent
VAR_DIR = env_path("SUPPORTDESK_VAR_DIR", REPO_DIR / "var")

# Only for local use; production settings refuse it (see config/secret_key.py).
DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-change-me-0123456789abcdef"  # noqa: S105 - public by design
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    # The Django admin, with its sign-in asking for the second factor (accounts/admin_site.py).
    "support_desk.accounts.apps.SupportDeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "corsheaders",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "support_desk.core",
    "support_desk.accounts",
    "support_desk.sla",
    "support_desk.tickets",
    "support_desk.triage",
    "support_desk.mail",
    "support_desk.notifications",
    "support_desk.replies",
    "support_desk.webhooks",
    "support_desk.assist",
    "support_desk.customers",
    "support_desk.sso",
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
    # Whether the session has given its second factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # A signed-in session's "last seen", for the list of a person's sessions.
    "support_desk.accounts.sign_in_sessions.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "support_desk.core.content_security.PageContentSecurityPolicyMiddleware",
    "support_desk.core.no_store.NoStoreForSignedInApiMiddleware",
    # Last, so a locked-out sign-in becomes its answer (429) after everything else ran.
    "axes.middleware.AxesMiddleware",
]

# django-axes must see every authentication attempt first, to refuse locked-out ones.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Where `supportdesk serve` listens, and with how many gunicorn worker processes.
SERVE_HOST = env_str("HOST", "127.0.0.1")
SERVE_PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
WEB_CONCURRENCY = env_int("WEB_CONCURRENCY", 2, minimum=1, maximum=64)

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
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
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
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
WEB_APP_DIST = env_path("WEB_APP_DIST", REPO_DIR / "frontend" / "dist")
# Files on tickets and messages: a folder under var/ by default; S3-compatible object storage
# (django-storages, `pip install 'support-desk[s3]'`) when ATTACHMENTS_S3_BUCKET is set.
ATTACHMENTS_DIR = env_path("ATTACHMENTS_DIR", VAR_DIR / "attachments")
ATTACHMENTS_S3_BUCKET = env_str("ATTACHMENTS_S3_BUCKET")
ATTACHMENTS_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ATTACHMENTS_S3_BUCKET,
            "endpoint_url": env_str("ATTACHMENTS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("ATTACHMENTS_S3_REGION") or None,
            "access_key": env_str("ATTACHMENTS_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("ATTACHMENTS_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if ATTACHMENTS_S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # No base_url: files are only ever served through the permission-checked download view.
        "OPTIONS": {"location": str(ATTACHMENTS_DIR), "base_url": None},
    }
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "attachments": ATTACHMENTS_STORAGE,
}
# Per file, and for all the files of one message together (independent of MAX_REQUEST_BYTES,
# which bounds JSON bodies); an upload request may carry this much plus its form fields.
MAX_ATTACHMENT_BYTES = env_int("MAX_ATTACHMENT_BYTES", 10_000_000, minimum=1024)
MAX_ATTACHMENTS_PER_MESSAGE = env_int("MAX_ATTACHMENTS_PER_MESSAGE", 20, minimum=1, maximum=200)
DATA_UPLOAD_MAX_NUMBER_FILES = MAX_ATTACHMENTS_PER_MESSAGE
# The built web app's files are served at the site root by WhiteNoise.
WHITENOISE_ROOT = WEB_APP_DIST if WEB_APP_DIST.is_dir() else None

# Requests larger than this are refused before any parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 1_048_576, minimum=1024)
# A multipart upload: its files plus its form fields.
MAX_UPLOAD_REQUEST_BYTES = MAX_ATTACHMENT_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE + 64 * 1024

# How many reverse proxies in front of the app append to X-Forwarded-For. Throttles and
# lockouts key on the address the nearest trusted proxy saw; with 0, on the socket's peer.
# A client-supplied header is never believed beyond that (see core/client_address.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=10)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["support_desk.core.parsers.SafeJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "support_desk.accounts.authentication.BearerTokenAuthentication",
        "support_desk.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_RATES": {
        "classify": env_rate("THROTTLE_CLASSIFY_RATE", "60/min"),
        "login": env_rate("THROTTLE_LOGIN_RATE", "10/min"),
        # New tickets per user: customers file a few, agents and integrations import many.
        "create": env_rate("THROTTLE_CREATE_RATE", "30/min"),
        "create_staff": env_rate("THROTTLE_STAFF_CREATE_RATE", "600/min"),
        # The public request form and e-mailed sign-in links: per client address, and
        # separately per e-mail address named in the request.
        "public": env_rate("THROTTLE_PUBLIC_RATE", "10/hour"),
        # Answers through the rating links of resolved mails, per client address.
        "rating": env_rate("THROTTLE_RATING_RATE", "60/hour"),
        # Single sign-on's way out and back (two requests a sign-in), per client address: a whole
        # office behind one address signs in at nine, but nobody makes us call the provider at will.
        "sso": env_rate("THROTTLE_SSO_RATE", "60/min"),
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "support_desk.core.exception_handler.api_exception_handler",
}

# Sessions in the database: a person's list of sessions (accounts/sign_in_sessions.py) reads
# them there, and ending one deletes its row.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Sign-in lockout (django-axes), for the API sign-in and the admin alike: after
# LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one address, further
# attempts are refused for LOGIN_LOCKOUT_MINUTES. Attempts are kept in the database, so
# every process and machine sees the same count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_float("LOGIN_LOCKOUT_MINUTES", 15, minimum=0.1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "support_desk.core.client_address.client_address"
# A sign-in forgives only its own account's failures (accounts/lockout.py): axes' own reset
# would also clear every failure from the same address, against any account.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "support_desk.accounts.lockout.lockout_response"
AXES_VERBOSE = False  # our own receiver logs each lockout as one structured line

# Two-factor sign-in for staff (accounts/two_factor.py): an authenticator app and recovery
# codes, set up in the web app's Security page. When required, staff without one are kept to
# setting it up before anything else (admins included).
REQUIRE_TWO_FACTOR_FOR_STAFF = env_bool("REQUIRE_TWO_FACTOR_FOR_STAFF", False)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env_str("SUPPORT_EMAIL_NAME", "Support Desk") or "Support Desk"
# Wrong codes count against the sign-in lockout above (per account and per address);
# django-otp's own per-device delay would also refuse a right code typed seconds after a typo.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Content-Security-Policy (django-csp): the web app is built with no inline script or style
# attribute, so only its own files run; no framing by other sites.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Who suggests categories and priorities: auto | llm | local | off (see triage/engine.py).
TRIAGE_PROVIDER = env_choice("TRIAGE_PROVIDER", "auto", ("auto", "llm", "local", "off"))

# An OpenAI-compatible chat-completions endpoint (triage/llm/config.py reads these).
LLM_BASE_URL = env_str("LLM_BASE_URL")
LLM_API_KEY = env_str("LLM_API_KEY")
LLM_MODEL = env_str("LLM_MODEL")
# The seed's Groq key: alone, it means Groq with its default model.
GROQ_API_KEY = env_str("GROQ_API_KEY")
LLM_TIMEOUT_SECONDS = env_float("LLM_TIMEOUT_SECONDS", 3.0, minimum=0.01)
LLM_BREAKER_FAILURES = env_int("LLM_BREAKER_FAILURES", 3, minimum=1)
LLM_BREAKER_COOLDOWN_SECONDS = env_float("LLM_BREAKER_COOLDOWN_SECONDS", 30.0, minimum=0)
LLM_CACHE_SIZE = env_int("LLM_CACHE_SIZE", 1024, minimum=0)
LLM_CACHE_TTL_SECONDS = env_float("LLM_CACHE_TTL_SECONDS", 3600.0, minimum=0)

# Throttle counts and other shared state: Redis when CACHE_URL is set (several machines share
# one count); otherwise files under var/, which every process of this machine shares (a
# per-process memory cache would multiply every limit by the number of workers).
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

# The local triage model: versions trained on the team's corrections (`supportdesk triage
# train`), the ONNX sentence encoder (empty: the packaged one), and the public training data.
TRIAGE_MODEL_DIR = env_path("TRIAGE_MODEL_DIR", VAR_DIR / "triage-model")
TRIAGE_ENCODER_MODEL = env_str("TRIAGE_ENCODER_MODEL")
TRIAGE_DATA_DIR = env_path("TRIAGE_DATA_DIR", REPO_DIR.parent / "shared" / "data")
# Where retraining finds the team's corrections: a function returning training examples.
TRIAGE_TEAM_EXAMPLES = "support_desk.tickets.training_examples.training_examples_from_db"

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
JOB_MAX_RETRIES = env_int("JOB_MAX_RETRIES", 5, minimum=0)
JOB_RETRY_BACKOFF_SECONDS = env_int("JOB_RETRY_BACKOFF_SECONDS", 2, minimum=0)
# Recheck a ticket's triage with the language model after creation (when one is configured).
TRIAGE_RECHECK_AFTER_CREATE = env_bool("TRIAGE_RECHECK_AFTER_CREATE", True)

# Service levels (support_desk/sla, a library below tickets): the labels its admin offers come
# from the taxonomy, named here because the library imports no other domain.
SLA_PRIORITY_CHOICES = "support_desk.triage.taxonomy.PRIORITY_CHOICES"
SLA_CATEGORY_CHOICES = "support_desk.triage.taxonomy.CATEGORY_CHOICES"
# `sla=due_soon` on the ticket list: the next due time falls within this many minutes.
SLA_DUE_SOON_MINUTES = env_int("SLA_DUE_SOON_MINUTES", 60, minimum=1, maximum=10_080)
# How often the beat job records service-level warnings and breaches (`celery ... beat`).
SLA_WATCH_INTERVAL_SECONDS = env_int("SLA_WATCH_INTERVAL_SECONDS", 60, minimum=5, maximum=3600)
# Outgoing webhooks: each attempt's deadline, and attempts before a delivery is failed (the wait
# between them doubles from JOB_RETRY_BACKOFF_SECONDS).
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 5.0, minimum=0.1, maximum=60)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6, minimum=1, maximum=20)
# Webhooks may reach loopback, private, link-local and reserved addresses (tests, an intranet);
# off, such URLs are refused when saved and at every delivery, after resolving the name.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)

# Demo data of the domains built on tickets, loaded by `seed_demo` after the tickets.
DEMO_SEEDERS = ["support_desk.replies.demo.seed_saved_replies"]

# Assistance for agents (support_desk/assist/): similar tickets, incidents, drafts, summaries.
# Whether new and changed tickets are embedded, their language detected and incidents grouped.
ASSIST_ENABLED = env_bool("ASSIST_ENABLED", True)
# Many similar tickets within a window form an incident: how many, within how long, how similar.
ASSIST_INCIDENT_MIN_TICKETS = env_int("ASSIST_INCIDENT_MIN_TICKETS", 5, minimum=2)
ASSIST_INCIDENT_WINDOW_MINUTES = env_int("ASSIST_INCIDENT_WINDOW_MINUTES", 60, minimum=1)
ASSIST_INCIDENT_SIMILARITY = env_float("ASSIST_INCIDENT_SIMILARITY", 0.6, minimum=0.0, maximum=1.0)
# A past reply is offered as a draft only when its ticket is at least this similar (cosine).
ASSIST_DRAFT_MIN_SIMILARITY = env_float("ASSIST_DRAFT_MIN_SIMILARITY", 0.5, minimum=0.0, maximum=1.0)
# The deadline of one draft or summary from the language model (longer answers than triage).
ASSIST_LLM_TIMEOUT_SECONDS = env_float("ASSIST_LLM_TIMEOUT_SECONDS", 20.0, minimum=0.01)
# The similar-ticket index: its snapshots, the size from which it is approximate (IVF) rather
# than an exact scan, and how many of its lists one search reads.
ASSIST_INDEX_DIR = env_path("ASSIST_INDEX_DIR", VAR_DIR / "assist-index")
ASSIST_INDEX_APPROXIMATE_FROM = env_int("ASSIST_INDEX_APPROXIMATE_FROM", 20_000, minimum=1000)
ASSIST_INDEX_NPROBE = env_int("ASSIST_INDEX_NPROBE", 16, minimum=1, maximum=1024)

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
    # Our bounded id converter (core/strict_input.py) is an integer in the schema.
    "PATH_CONVERTER_OVERRIDES": {"id": int},
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
        "NotificationKindEnum": "support_desk.mail.enums.NotificationKind.choices",
        "DeliveryStatusEnum": "support_desk.mail.enums.DeliveryStatus.choices",
        "ChannelEnum": "support_desk.tickets.enums.Channel.choices",
    },
}

# Cross-origin API calls only from the listed origins (none by default: the web app is same-origin).
# The same sites may frame the public request form (/request): its frame-ancestors lists them.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["Link", "Retry-After", "X-Request-ID"]

LOG_LEVEL = env_choice("LOG_LEVEL", "info", ("debug", "info", "warning", "error", "critical")).upper()
# `plain` for reading in a terminal, `json` (one object per line) for log collectors.
LOG_FORMAT = env_choice("LOG_FORMAT", "plain", ("plain", "json"))
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)

# --- The e-mail channel (mail/) -----------------------------------------------------------
# Replies and notifications are sent From (and with Reply-To) this address; mail arriving from
# it is ignored, so Support Desk never answers itself.
SUPPORT_EMAIL_ADDRESS = env_email_address("SUPPORT_EMAIL_ADDRESS")
SUPPORT_EMAIL_NAME = env_str("SUPPORT_EMAIL_NAME", "Support Desk")
# The web app's address as customers reach it, for the links in mails.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", f"http://{SERVE_HOST}:{SERVE_PORT}").rstrip("/")
# The outgoing server: smtp://user:password@host:587 (STARTTLS whenever the server offers it, and
# always before a password) or smtps://...:465 (TLS from the start). Without it
# (and without an EMAIL_BACKEND such as an anymail one) mails are written to the console log.
EMAIL_URL = env_smtp_url("EMAIL_URL")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "support_desk.mail.smtp.EmailBackend" if EMAIL_URL else "django.core.mail.backends.console.EmailBackend",
)
if EMAIL_URL:
    EMAIL_HOST = str(EMAIL_URL["host"])
    EMAIL_PORT = int(str(EMAIL_URL["port"]))
    EMAIL_HOST_USER = str(EMAIL_URL["user"])
    EMAIL_HOST_PASSWORD = str(EMAIL_URL["password"])
    # smtp://: STARTTLS whenever offered, and required before a password (mail/smtp.py).
    EMAIL_USE_TLS = False
    EMAIL_USE_SSL = bool(EMAIL_URL["use_ssl"])
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT_SECONDS", 20, minimum=1, maximum=300)
DEFAULT_FROM_EMAIL = SERVER_EMAIL = SUPPORT_EMAIL_ADDRESS or "support@localhost"
# django-anymail's settings for an ESP backend or inbound webhook (API keys by their own names).
ANYMAIL: dict[str, str] = {
    key: value
    for key, value in {
        "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET"),
        "MAILGUN_API_KEY": env_str("MAILGUN_API_KEY"),
        "MAILGUN_WEBHOOK_SIGNING_KEY": env_str("MAILGUN_WEBHOOK_SIGNING_KEY"),
        "POSTMARK_SERVER_TOKEN": env_str("POSTMARK_SERVER_TOKEN"),
        "SENDGRID_API_KEY": env_str("SENDGRID_API_KEY"),
    }.items()
    if value
}
# The mailbox `supportdesk mail fetch` (and the beat schedule) polls.
MAIL_INBOX_URL = env_imap_url("MAIL_INBOX_URL")
MAIL_FETCH_INTERVAL_SECONDS = env_int("MAIL_FETCH_INTERVAL_SECONDS", 60, minimum=5)
# Where fetched messages go once stored (empty: they stay, flagged as processed and seen).
MAIL_PROCESSED_FOLDER = env_str("MAIL_PROCESSED_FOLDER")
MAIL_IMAP_TIMEOUT_SECONDS = env_int("MAIL_IMAP_TIMEOUT_SECONDS", 30, minimum=1, maximum=600)
MAIL_FETCH_BATCH = env_int("MAIL_FETCH_BATCH", 50, minimum=1, maximum=1000)
# The shared secret of POST /api/mail/inbound/ (header X-Mail-Inbound-Secret); unset: refused.
MAIL_INBOUND_SECRET = env_str("MAIL_INBOUND_SECRET")
# Raw messages larger than this are quarantined unread (the webhook refuses them with 413).
MAIL_MAX_MESSAGE_BYTES = env_int("MAIL_MAX_MESSAGE_BYTES", 30_000_000, minimum=10_000)
# Bodies other than JSON that may be larger than MAX_REQUEST_BYTES (core/body_limit.py).
REQUEST_BODY_LIMITS = {
    "multipart/form-data": MAX_UPLOAD_REQUEST_BYTES,
    "message/rfc822": MAIL_MAX_MESSAGE_BYTES,
}
# Acknowledgements of new tickets to one address per hour; the ticket is still opened past it.
MAIL_ACKS_PER_SENDER_PER_HOUR = env_int("MAIL_ACKS_PER_SENDER_PER_HOUR", 3, minimum=0)
# Proof of the sender (mail/sender_auth.py). The authserv-ids of our own receiving servers,
# whose Authentication-Results headers are believed (empty: none is, Support Desk checks DKIM
# itself); with MAIL_REQUIRE_AUTHENTICATED_SENDERS, mail whose sender is not proven waits in the
# quarantine instead of being stored as an unverified reply.
MAIL_TRUSTED_AUTHSERV_IDS = [server.lower() for server in env_list("MAIL_TRUSTED_AUTHSERV_IDS")]
MAIL_REQUIRE_AUTHENTICATED_SENDERS = env_bool("MAIL_REQUIRE_AUTHENTICATED_SENDERS", False)
# Where DKIM keys are looked up: these servers (host or host:port), else the system's resolver;
# a lookup that takes longer leaves the mail unverified.
MAIL_DNS_NAMESERVERS = env_list("MAIL_DNS_NAMESERVERS")
MAIL_DNS_TIMEOUT_SECONDS = env_int("MAIL_DNS_TIMEOUT_SECONDS", 3, minimum=1, maximum=30)
# Periodic work (`celery -A support_desk.config.celery beat`): the service-level watch, and the
# mailbox poll when a mailbox is set.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "sla-watch": {"task": "tickets.sla_watch", "schedule": float(SLA_WATCH_INTERVAL_SECONDS)},
    # Webhook deliveries whose job was lost (a broker outage when queued) are queued again.
    "webhooks-requeue-overdue": {"task": "webhooks.requeue_overdue", "schedule": 300.0},
}
if MAIL_INBOX_URL:
    CELERY_BEAT_SCHEDULE["mail-fetch"] = {
        "task": "mail.fetch_mailbox",
        "schedule": float(MAIL_FETCH_INTERVAL_SECONDS),
        "options": {"expires": float(MAIL_FETCH_INTERVAL_SECONDS)},
    }

# --- Customers without passwords (customers/) ----------------------------------------------
# The public request form (/request, POST /api/public/tickets/): on for the demo, off in the
# production settings until an admin turns it on.
PUBLIC_REQUESTS_ENABLED = env_bool("PUBLIC_REQUESTS_ENABLED", True)
# A form sent sooner than this after it was shown is refused (people take longer; bots do not).
PUBLIC_FORM_MIN_SECONDS = env_float("PUBLIC_FORM_MIN_SECONDS", 3.0, minimum=0, maximum=600)
# How long a sign-in link asked for on the sign-in screen stays valid (it works once).
MAGIC_LINK_MAX_AGE_SECONDS = env_int("MAGIC_LINK_MAX_AGE_SECONDS", 900, minimum=60, maximum=86_400)
# How long the sign-in link in a notification mail ("view your ticket") stays valid (once);
# after that, or once used, it leads to the sign-in screen, which can mail a fresh one.
TICKET_LINK_MAX_AGE_SECONDS = env_int("TICKET_LINK_MAX_AGE_SECONDS", 7 * 86_400, minimum=60)
CELERY_BEAT_SCHEDULE["sign-in-links-purge"] = {"task": "customers.purge_sign_in_links", "schedule": 3600.0}

# --- Single sign-on with OpenID Connect (sso/) ---------------------------------------------
# On when OIDC_ISSUER is set: the provider's address, whose /.well-known/openid-configuration
# names its endpoints and keys. The client is registered there with the redirect URI
# PUBLIC_BASE_URL + /api/auth/oidc/callback/; its secret comes only from the environment.
OIDC_ISSUER = env_str("OIDC_ISSUER")
OIDC_CLIENT_ID = env_required("OIDC_CLIENT_ID") if OIDC_ISSUER else env_str("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env_required("OIDC_CLIENT_SECRET") if OIDC_ISSUER else ""
OIDC_SCOPES = env_list("OIDC_SCOPES", ["openid", "email", "profile"])
if OIDC_ISSUER and "openid" not in OIDC_SCOPES:
    raise ImproperlyConfigured("OIDC_SCOPES must include openid.")
# The claim that carries a person's roles or groups (a dotted path reaches into an object, as in
# realm_access.roles), and which of its values make an admin or an agent.
OIDC_ROLE_CLAIM = env_str("OIDC_ROLE_CLAIM", "roles")
OIDC_ADMIN_VALUES = env_list("OIDC_ADMIN_VALUES", ["support-desk-admin"])
OIDC_AGENT_VALUES = env_list("OIDC_AGENT_VALUES", ["support-desk-agent"])
# Whether people whose claim names no staff role may sign in too, as customers.
OIDC_ALLOW_CUSTOMERS = env_bool("OIDC_ALLOW_CUSTOMERS", False)
# A first sign-in whose provider vouches for the e-mail address (email_verified) takes over the
# one local account with that address; off, such a sign-in is refused until an admin links it.
OIDC_LINK_VERIFIED_EMAIL = env_bool("OIDC_LINK_VERIFIED_EMAIL", True)
OIDC_BUTTON_LABEL = env_str("OIDC_BUTTON_LABEL", "single sign-on")
OIDC_TIMEOUT_SECONDS = env_float("OIDC_TIMEOUT_SECONDS", 10.0, minimum=0.1, maximum=120)
# Expired sessions, and the rows of the people's session lists that named them.
CELERY_BEAT_SCHEDULE["sign-in-sessions-purge"] = {
    "task": "accounts.purge_sign_in_sessions",
    "schedule": 3600.0,
}
