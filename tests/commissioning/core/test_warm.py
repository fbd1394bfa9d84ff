"""Warm start-up: with WARM_IMPORTS on, the WSGI application imports the heavy modules before any request."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from commissioning.core import warm

ROOT = Path(__file__).resolve().parents[3]


def test_the_tests_do_not_warm() -> None:
    assert settings.WARM_IMPORTS is False
    assert warm.warm_imports() == []


def test_with_the_setting_on_the_wsgi_application_imports_the_heavy_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    imported: list[str] = []

    def recorded(name: str) -> object:
        imported.append(name)
        return importlib.import_module(name)

    monkeypatch.setattr(warm, "import_module", recorded)
    with override_settings(WARM_IMPORTS=False):
        importlib.reload(importlib.import_module("config.wsgi"))
    assert imported == []
    with override_settings(WARM_IMPORTS=True):
        importlib.reload(importlib.import_module("config.wsgi"))
    assert imported == [settings.ROOT_URLCONF, *warm.WARM_MODULES]
    assert {"matplotlib.figure", "weasyprint"} <= set(imported)


@pytest.mark.parametrize(("setting", "warmed"), [("1", True), ("0", False)])
def test_a_fresh_process_loading_the_application_has_imported_them(setting: str, warmed: bool) -> None:
    """In a new interpreter (nothing imported yet), as gunicorn loads config.wsgi."""
    script = (
        "import sys, config.wsgi; "
        "print(all(name in sys.modules for name in ('weasyprint', 'matplotlib.figure', 'config.urls')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.demo", "WARM_IMPORTS": setting}
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == str(warmed)
