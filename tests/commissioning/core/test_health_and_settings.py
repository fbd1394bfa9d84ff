import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.utils import OperationalError

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_503_when_the_database_is_unreachable_and_logs_the_reason(client, monkeypatch, caplog):
    """The page is public: it says the database is unreachable, and only the log says why (its host and port)."""
    reason = (
        'connection to server at "db.internal.example" (10.0.4.7), port 5432 failed: Connection refused\n'
        "\tIs the server running on that host and accepting TCP/IP connections?"
    )

    def broken_cursor(*args, **kwargs):
        raise OperationalError(reason)

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    with caplog.at_level("ERROR", logger="commissioning.core.views"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    for detail in ("db.internal", "10.0.4.7", "5432", "Connection refused"):
        assert detail not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "commissioning.core.views"]
    assert record.levelname == "ERROR"
    assert "db.internal.example" in record.getMessage()
    assert "port 5432 failed: Connection refused" in record.getMessage()
    assert "\n" not in record.getMessage()  # one line


def _import_production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


REAL_KEY = "k7#Qz9!pL2@vX4$mN8^rT1&yB6*wE3(uJ5)hG0_aD-fS+cZ=" + "Yq"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "commissioning.example.org"}, "SECRET_KEY is not set to a real secret"),
        (
            {"SECRET_KEY": "insecure-development-key-do-not-use-in-production", "ALLOWED_HOSTS": "x.org"},
            "SECRET_KEY is not set",
        ),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "x.org"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": REAL_KEY, "DEBUG": "1", "ALLOWED_HOSTS": "x.org"}, "DEBUG is on"),
        ({"SECRET_KEY": REAL_KEY}, "ALLOWED_HOSTS is not set"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(env, message):
    result = _import_production(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_key():
    result = _import_production({"SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "commissioning.example.org"})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_production_never_allows_demo_users():
    from config.settings import base

    assert base.DEMO_USERS_ALLOWED is False
    assert "DEMO_USERS_ALLOWED = False" in (ROOT / "config/settings/production.py").read_text()
