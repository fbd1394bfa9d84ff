"""Settings shared by every environment. Values that differ come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from commissioning import registry

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Our apps, lowest tier first, from the one list of them (commissioning/registry.py, ADR 0017).
    *registry.installed_apps(),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A nonce for each request and the Content-Security-Policy on every HTML page (commissioning/core/csp.py).
    "commissioning.core.csp.CspMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "commissioning.core.access.SignInRequiredMiddleware",
    # Axes must come last: it turns repeated failed sign-ins into a lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        # Our pages: Jinja2 with the GOV.UK Frontend macros (templates live in <app>/templates/<app>/).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "commissioning.core.jinja2.environment",
            "context_processors": ["commissioning.portal.context.site"],
        },
    },
    {
        # Django's own templates: the admin site only.
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection is checked before each request reuses it, so one the database dropped is replaced.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time (ADR 0004, ADR 0018). WAL lets the web server and the task workers read while
    # one writes. IMMEDIATE takes the write lock when a transaction begins, so a transaction that has read never
    # fails to upgrade to a writer ("database is locked" at once, whatever the timeout). The busy timeout is how long
    # a write waits for the lock: longer than the longest write transaction, an import saving its rows (16 to 40
    # seconds for 100,000 new measurements on the 2-core demo machine, idle or busy; files hold at most 200,000), so
    # sign-ins and edits made while an import saves wait for it and succeed. Nothing else holds it for a moment.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "120")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's model backend, refusing demo accounts unless DEMO_USERS_ALLOWED.
    "commissioning.accounts.backends.AccountBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Sign-in throttling (django-axes, stored in the database so every app process sees it).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "commissioning.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "commissioning.accounts.throttle.client_ip"
# How many proxies (load balancers) in front of the app append to X-Forwarded-For. 0: use REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))

# "default" is each process's own memory (charts drawn from the same figures). "documents" is shared by every process:
# printed PDFs of drafts and evidence packs, keyed by a fingerprint of their HTML (commissioning.core.pdf, ADR 0019),
# as files beside the uploads, so on the shared storage MEDIA_ROOT must be in production. Files, not the database: a
# page that prints never waits for SQLite's one writer (an import's). Entries expire, and the oldest are culled.
DOCUMENT_CACHE_DIR = Path(os.environ.get("DOCUMENT_CACHE_DIR", str(MEDIA_ROOT / "document-cache")))
# "memo" is each process's own memory too: council-wide lists kept under the version of the records they read
# (commissioning.core.memo, ADR 0038).
CACHES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "memo": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "memo", "TIMEOUT": 24 * 60 * 60},
    "documents": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DOCUMENT_CACHE_DIR),
        "TIMEOUT": 14 * 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 1000, "CULL_FREQUENCY": 4},
    },
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Import the heavy modules (matplotlib, WeasyPrint, every view) when the WSGI application starts, not on a worker's
# first request (commissioning.core.warm). Off in the tests.
WARM_IMPORTS = env_bool("WARM_IMPORTS", default=True)

# A running import writes a heartbeat with its progress; one silent for this long lost its worker, and the sweeper
# (`manage.py sweep_jobs`, the task worker, the job's page) marks it failed so that it can be tried again (ADR 0018).
# Longer than the slowest step that writes no progress: reading a 20 MB file, or saving the rows on SQLite.
IMPORT_STALE_AFTER_SECONDS = int(os.environ.get("IMPORT_STALE_AFTER_SECONDS", "300"))

# Email (the notifications outbox, commissioning.core.notifications). Production sends through SMTP; the demo writes
# each message to a file under var/mail/ and the tests keep them in memory.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "commissioning@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in emails start with (the site as its users reach it).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# A notification that cannot be sent is tried this many times in all, waiting NOTIFICATION_RETRY_SECONDS after the
# first failure and four times longer after each next one (1, 4, 16, 64 minutes by default), then marked failed.
NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATION_MAX_ATTEMPTS", "5"))
NOTIFICATION_RETRY_SECONDS = int(os.environ.get("NOTIFICATION_RETRY_SECONDS", "60"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The council this installation serves. The header shows COUNCIL_NAME unless the database names a home council.
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "")
# Where the footer's pages (accessibility statement, privacy notice) send people: the team that runs the service and
# the council's data protection officer. Empty: the pages ask people to contact the council.
COUNCIL_CONTACT_EMAIL = os.environ.get("COUNCIL_CONTACT_EMAIL", "")
DATA_PROTECTION_EMAIL = os.environ.get("DATA_PROTECTION_EMAIL", "")
# The status page says the task worker is delayed when work has waited longer than this for one.
TASK_WORKER_LATE_SECONDS = int(os.environ.get("TASK_WORKER_LATE_SECONDS", "300"))
PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "25"))
# The council's Open Contracting ocid prefix (registered with the OCDS helpdesk, "ocds-" and six characters): every
# procurement's ocid is <prefix>-<reference>, like ocds-000000-PRO-2026-001.
OCDS_PREFIX = os.environ.get("OCDS_PREFIX", "ocds-000000")
# Demo users exist only where this is true (demo and test settings, never production).
DEMO_USERS_ALLOWED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}

# Residents' complaints (commissioning.residents): a resident's name, contact details and words are removed this many
# days after the complaint is closed (the privacy notice says so; the anonymous figures are kept); the tracking link
# stops working this many days after closure; and a public form takes at most so many complaints an hour from one
# address, and a day for one email address or phone number.
COMPLAINT_RETENTION_DAYS = int(os.environ.get("COMPLAINT_RETENTION_DAYS", "730"))
COMPLAINT_TRACKING_DAYS = int(os.environ.get("COMPLAINT_TRACKING_DAYS", "90"))
COMPLAINT_LIMIT_PER_ADDRESS = int(os.environ.get("COMPLAINT_LIMIT_PER_ADDRESS", "10"))
COMPLAINT_LIMIT_PER_CONTACT = int(os.environ.get("COMPLAINT_LIMIT_PER_CONTACT", "5"))
