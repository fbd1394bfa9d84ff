"""Production: PostgreSQL, secure cookies, and a refusal to start with unsafe settings."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_list

DEFAULT_SECRET_MARKERS = ("insecure", "change-me", "changeme", "secret", "django-insecure")

SECRET_KEY_MISSING = (
    "SECRET_KEY is not set to a real secret. Set the SECRET_KEY environment variable to a random value of at "  # noqa: S105
    "least 50 characters before starting in production."
)
DEBUG_ON_IN_PRODUCTION = "DEBUG is on. Production must run with DEBUG off: unset DEBUG or set it to 0."
ALLOWED_HOSTS_MISSING = "ALLOWED_HOSTS is not set. Set it to the host names this service answers to."


def check_secret_key(key: str) -> None:
    """Refuse a missing, short or default-looking secret key."""
    if len(key) < 50 or len(set(key)) < 5 or any(marker in key.lower() for marker in DEFAULT_SECRET_MARKERS):
        raise ImproperlyConfigured(SECRET_KEY_MISSING)


if "SECRET_KEY" not in os.environ:
    raise ImproperlyConfigured(SECRET_KEY_MISSING)
check_secret_key(SECRET_KEY)

DEBUG = env_bool("DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured(DEBUG_ON_IN_PRODUCTION)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(ALLOWED_HOSTS_MISSING)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DEMO_USERS_ALLOWED = False
# Production runs behind a load balancer (see SECURE_PROXY_SSL_HEADER): count its hop in X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
