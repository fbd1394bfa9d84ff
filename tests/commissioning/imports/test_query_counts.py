"""The import pages cost the same number of queries however many jobs there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import ImportJobFactory

pytestmark = pytest.mark.django_db


def count(client: Client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("path", ["imports:list", "imports:export-csv", "imports:export-xlsx"])
def test_lists_and_downloads_do_not_grow_with_the_jobs(finance, officer, path):
    client = Client()
    client.force_login(finance)
    ImportJobFactory.create_batch(2, created_by=officer)
    few = count(client, reverse(path))
    ImportJobFactory.create_batch(30, created_by=officer)
    ImportJobFactory.create_batch(5, created_by=finance, failed=True)
    assert count(client, reverse(path)) == few
