"""The test database itself: on PostgreSQL no table of it is left to autovacuum (tests/conftest.py, django_db_setup)."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_no_table_of_the_postgresql_test_database_is_vacuumed_under_a_seeded_council() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("autovacuum is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), array_remove(array_agg(CASE WHEN 'autovacuum_enabled=false' = ANY(reloptions)"
            " THEN NULL ELSE relname END), NULL) FROM pg_class WHERE relkind = 'r'"
            " AND relnamespace = 'public'::regnamespace"
        )
        tables, vacuumed = cursor.fetchone()
    assert tables > 100
    assert vacuumed == []
