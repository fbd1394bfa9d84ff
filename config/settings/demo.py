"""One machine: SQLite by default, the demo council, gunicorn plus the database task worker."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", default=False)
DEMO_USERS_ALLOWED = True
