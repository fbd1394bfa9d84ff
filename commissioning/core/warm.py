"""Warm start-up: import what the first request would otherwise import (about 2 seconds), before any request.

The URLconf (and through it every app's views, Jinja2 and matplotlib, whose font list is read on import) and
WeasyPrint are imported lazily by Django, so each gunicorn worker's first request paid for them. config/wsgi.py
calls ``warm_imports()`` once the application is set up; with gunicorn's ``--preload`` (scripts/serve-demo) that is
once, in the master, before the workers are forked. Off in the tests (``WARM_IMPORTS``), which import what they use.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.db import connections

# Besides settings.ROOT_URLCONF.
WARM_MODULES = (
    "matplotlib.figure",
    "matplotlib.backends.backend_svg",
    "commissioning.core.charts",
    "weasyprint",
    "commissioning.core.pdf",
)


def warm_imports() -> list[str]:
    """Import the heavy modules now if settings.WARM_IMPORTS is on; the names imported (none when it is off)."""
    if not getattr(settings, "WARM_IMPORTS", False):
        return []
    names = [settings.ROOT_URLCONF, *WARM_MODULES]
    for name in names:
        import_module(name)
    # Nothing above should have opened a connection; if it did, it must not be shared with forked workers.
    connections.close_all()
    return names
