"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.demo")
application = get_wsgi_application()

from commissioning.core.warm import warm_imports  # noqa: E402 (needs the settings set up above)

warm_imports()
