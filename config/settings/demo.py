"""One machine: SQLite by default, the demo council, gunicorn plus the database task worker."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool

DEBUG = env_bool("DEBUG", default=False)
DEMO_USERS_ALLOWED = True
# Emails are written to files in var/mail/ (one .log file per batch of messages), for a person to read.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail")))
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
