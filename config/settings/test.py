"""Test settings: fast hashing, no manifest for static files, tasks run at once."""

import atexit
import shutil
import tempfile

from .base import *  # noqa: F403

DEBUG = False
WARM_IMPORTS = False
DEMO_USERS_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Printed documents in a folder of this test process's own (each xdist worker has one), removed when it ends.
DOCUMENT_CACHE_DIR = Path(tempfile.mkdtemp(prefix="commissioning-documents-"))
atexit.register(shutil.rmtree, DOCUMENT_CACHE_DIR, ignore_errors=True)
CACHES["documents"]["LOCATION"] = str(DOCUMENT_CACHE_DIR)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "WARNING"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test never waits a minute for a lock: one that would has deadlocked with itself (its own transaction holding
    # what a thread or second connection it waits for needs), which PostgreSQL cannot see. The wait fails instead,
    # with the statement that waited, so the test fails and says where rather than hanging the run.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c lock_timeout=60s"
