"""The migrations build a database from nothing on the suite's own engine, and agree with the models.

The rest of the suite builds its test database straight from the models (pytest-django's ``--nomigrations``, in
pyproject.toml's addopts), because running every migration in each xdist worker cost about 20 seconds of CPU per
worker per pass. What that skips is checked here, once: the models and the migration files agree (so the tables the
suite tests are the tables a deployment gets), and ``manage.py migrate`` runs from an empty database to the end, on
SQLite in a temporary file or, when the suite runs on PostgreSQL, in a temporary database of the same server. The
data migrations turn rows that existed before them into their new shape, so on an empty database they do nothing;
each is tested by calling its function on rows made for the purpose (tests/commissioning/reviews/test_status.py,
test_service_status.py, accounts/test_demo_accounts.py, core/test_search.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables, on the engine the suite runs on, removed afterwards."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"migrations_{uuid.uuid4().hex[:12]}"
    server = f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def manage(*arguments: str, database_url: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a process of its own (the suite's process has its migrations switched off)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url}
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# It builds a database of its own on the suite's engine, so it runs in .ci/run's PostgreSQL pass too (tests that use
# no database fixture are left out of that pass: tests/conftest.py, uses_the_database).
@pytest.mark.django_db
def test_every_migration_applies_to_an_empty_database_and_agrees_with_the_models(empty_database_url: str) -> None:
    migrated = manage("migrate", "--no-input", database_url=empty_database_url)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return  # models and migration files agree or not whatever the engine: the SQLite pass has checked it
    # A model changed without its migration: the tables the suite tests would not be the tables a deployment gets.
    agree = manage("makemigrations", "--check", "--dry-run", database_url=empty_database_url)
    assert agree.returncode == 0, "a model change has no migration (run manage.py makemigrations):\n" + agree.stdout
